using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Dapper;
using Npgsql;
using NpgsqlTypes;
using PdE.Directory.Features.Accounts;

namespace PdE.Benchmarks.Seeding;

/// <summary>An expert given an inbox of that many matches, and an account that signs in as them.</summary>
internal sealed record HeavyInbox(string Email, int Matches);

/// <summary>What <see cref="MillionRequests"/> generates (by default the volume of the performance issue).</summary>
internal sealed record RequestsVolume
{
    public int Requests { get; init; } = 1_000_000;

    /// <summary>
    /// Directory experts given a heavy inbox: needs about their subjects sent to them, spread evenly over the period like
    /// everyone's, exactly that many of them. By default 10,000 (a busy agent) and a fifth of all requests (a national team box).
    /// </summary>
    public IReadOnlyList<HeavyInbox> HeavyExperts { get; init; } = [new("expert1@example.fr", 10_000), new("expert2@example.fr", 200_000)];

    public string HeavyExpertPassword { get; init; } = "bench-inbox-2026";

    /// <summary>An admin account of the generated directory, for the triage desk.</summary>
    public string AdminEmail { get; init; } = "admin@example.fr";

    public string AdminPassword { get; init; } = "bench-admin-2026";

    /// <summary>The requests were sent over that many days before <see cref="Now"/>, evenly.</summary>
    public int Days { get; init; } = 3 * 365;

    public int Seed { get; init; } = 1_000_000;

    /// <summary>The instant the data is generated for: ages (the 45 days of « Expirés »), statuses and times follow from it.</summary>
    public DateTime Now { get; init; } = DateTime.UtcNow;

    /// <summary>The default shape scaled to <paramref name="requests"/>: heavy inboxes of min(10,000, a tenth) and a fifth of them.</summary>
    public static RequestsVolume Of(int requests) => new()
    {
        Requests = requests,
        HeavyExperts = [new("expert1@example.fr", Math.Min(10_000, requests / 10)), new("expert2@example.fr", requests / 5)],
    };
}

/// <param name="Copy">Generating the rows and copying them (one transaction).</param>
/// <param name="Vacuum">VACUUM ANALYZE until the visibility map is full (as autovacuum would have left a live database).</param>
internal sealed record GeneratedRequests(
    int Requests, int Needs, int Matches, int HistoryRows, IReadOnlyList<HeavyExpert> Heavy, TimeSpan Copy, TimeSpan Vacuum)
{
    public override string ToString() =>
        $"{Requests:N0} requests, {Needs:N0} needs, {Matches:N0} matches, {HistoryRows:N0} history rows: generated and copied in " +
        $"{Copy.TotalSeconds:N1} s, VACUUM ANALYZE {Vacuum.TotalSeconds:N1} s (total {(Copy + Vacuum).TotalSeconds:N1} s); heavy experts " +
        string.Join(", ", Heavy.Select(h => $"{h.FullName} <{h.Email}>"));
}

/// <summary>An expert with a heavy inbox and the account that answers for them.</summary>
internal sealed record HeavyExpert(Guid ExpertId, string FullName, Guid UserId, string Email, string Password);

/// <summary>
/// Requests, needs and matches at volume, over the directory already in the database (e.g. <see cref="GeneratedDirectory"/>),
/// into each module's real tables by binary COPY in one transaction, then VACUUM ANALYZE: Solicitations' requests, their
/// timeline and follow-up (<c>solicitations.solicitation</c>, <c>solicitation_event</c>, <c>follow_up_match</c>), Matching's
/// needs, matches and history (<c>matching.need</c>, <c>match</c>, <c>match_history</c>). Stats' projections are left empty
/// (they are fed by events). Deterministic: the same seed, directory and <see cref="RequestsVolume.Now"/> give the same rows
/// (the directory's own ids aside, which <see cref="GeneratedDirectory"/> draws at random).
/// <list type="bullet">
/// <item>requests sent evenly over <see cref="RequestsVolume.Days"/> days, oldest first, with version 7 ids of their time;
/// those of the last 3 days a third still « reçues »; older ones 4 % abandoned (with a canned reply), 0.6 % set aside,
/// the rest validated into 1 to 3 needs (92 %, 6.5 %, 1.5 %) on distinct subjects, sent 20 minutes to 6 days later;</item>
/// <item>each need with 1 to 6 matches (3 on average) to distinct experts holding its subject; subjects skewed (a few popular ones);</item>
/// <item>companies drawn from a pool of 0.6 per request (a company asks again: the desk's duplicate flags), with a contact, a name
/// (activity and surname, sometimes « … de {commune} », half in capitals as the registry writes them, accents kept), a SIRET
/// with its Luhn key, activity (NAF), headcount, creation date and a real commune of the reference data (skewed towards a few);</item>
/// <item>match statuses by age: sent less than 45 days ago 55 % waiting, 25 % taken, 10 % declined, 10 % closed; older 15 %
/// still waiting (the « Expirés »), 7 % taken, 18 % declined, 60 % closed (45 % with help, 8 % without, 7 % unreachable);
/// taken/closed/changed times consistent with them, one history row per answer (a refusal's reason sometimes);
/// experts without an account appear in the history under their expert id;</item>
/// <item>the heavy experts (<see cref="RequestsVolume.HeavyExperts"/>) in exactly their number of needs about their subjects,
/// each given a sign-in account; an admin account (<see cref="RequestsVolume.AdminEmail"/>) for the desk; nobody else signs in.</item>
/// </list>
/// </summary>
internal static class MillionRequests
{
    private const byte Quo = 0, TakingCare = 1, Done = 2, DoneNoHelp = 3, DoneNotReachable = 4, NotForMe = 5;
    private static readonly string[] Statuses = ["quo", "taking_care", "done", "done_no_help", "done_not_reachable", "not_for_me"];

    private const byte Received = 0, Validated = 1, Canceled = 2, Blocked = 3;
    private static readonly string[] RequestStatuses = ["received", "validated", "canceled", "blocked"];

    public static async Task<GeneratedRequests> GenerateAsync(string connectionString, RequestsVolume? volume = null)
    {
        volume ??= new RequestsVolume();
        var clock = Stopwatch.StartNew();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        if (await connection.ExecuteScalarAsync<bool>(
                "select exists (select 1 from matching.need) or exists (select 1 from solicitations.solicitation where status <> 'draft')"))
        {
            throw new InvalidOperationException("MillionRequests fills empty modules: matching.need or solicitations.solicitation has rows.");
        }

        var experts = (await connection.QueryAsync<Expert>("""
            select e.id as Id, e.full_name as FullName, e.email as Email, a.id as AntenneId, a.name as AntenneName,
                   i.id as InstitutionId, i.name as InstitutionName,
                   array_agg(distinct s.slug order by s.slug) as Subjects
            from directory.expert e
            join directory.antenne a on a.id = e.antenne_id
            join directory.institution i on i.id = a.institution_id
            join directory.expert_subject es on es.expert_id = e.id
            join directory.institution_subject isub on isub.id = es.institution_subject_id
            join directory.subject s on s.id = isub.subject_id
            where e.deleted_at is null and s.archived_at is null
            group by e.id, a.id, i.id
            order by e.email, e.id
            """)).AsList();
        var heavyIndexes = volume.HeavyExperts.Select(h =>
        {
            var index = experts.FindIndex(e => string.Equals(e.Email, h.Email, StringComparison.OrdinalIgnoreCase));
            return index >= 0 ? index : throw new InvalidOperationException($"No expert {h.Email} with subjects in the directory: generate the directory first.");
        }).ToArray();

        var communes = (await connection.QueryAsync<(string Code, string Name)>(
            "select code, name from directory.commune where kind = 'COM' order by code")).ToArray();
        var heavy = new List<HeavyExpert>();
        foreach (var index in heavyIndexes)
        {
            heavy.Add(await EnsureAccountAsync(connection, experts[index], volume.HeavyExpertPassword));
        }

        await EnsureAdminAsync(connection, volume, experts[heavyIndexes[0]].AntenneId);

        var generator = new Generator(volume, experts, heavyIndexes, heavy.Select(h => h.UserId).ToArray(), communes);
        generator.Generate();
        Console.WriteLine($"Generated {generator.RequestCount:N0} requests, {generator.NeedCount:N0} needs, {generator.MatchCount:N0} matches in memory at {clock.Elapsed.TotalSeconds:N1} s");
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            foreach (var (table, copy) in new (string, Action<NpgsqlConnection>)[]
                     {
                         ("solicitations.solicitation", generator.CopyRequests),
                         ("solicitations.solicitation_event", generator.CopyRequestEvents),
                         ("solicitations.follow_up_match", generator.CopyFollowUps),
                         ("matching.need", generator.CopyNeeds),
                         ("matching.match", generator.CopyMatches),
                         ("matching.match_history", generator.CopyHistory),
                     })
            {
                copy(connection);
                Console.WriteLine($"{table}: copied at {clock.Elapsed.TotalSeconds:N1} s");
            }

            await transaction.CommitAsync();
        }

        var copied = clock.Elapsed;
        await Vacuum.UntilAllVisibleAsync(connection, "solicitations", "matching");
        return new GeneratedRequests(generator.RequestCount, generator.NeedCount, generator.MatchCount, generator.HistoryCount, heavy,
            copied, clock.Elapsed - copied);
    }

    /// <summary>The heavy experts of requests generated before (their accounts sign in with <see cref="RequestsVolume.HeavyExpertPassword"/>), in
    /// the order of <see cref="RequestsVolume.HeavyExperts"/>; null when none were generated.</summary>
    public static async Task<IReadOnlyList<HeavyExpert>?> FindHeavyExpertsAsync(string connectionString, RequestsVolume? volume = null)
    {
        volume ??= new RequestsVolume();
        await using var connection = new NpgsqlConnection(connectionString);
        var found = new List<HeavyExpert>();
        foreach (var inbox in volume.HeavyExperts)
        {
            var row = await connection.QueryFirstOrDefaultAsync<(Guid ExpertId, string FullName, Guid UserId, string Email)?>("""
                select e.id, e.full_name, u.id, u.email
                from directory.user_account u join directory.user_expert ue on ue.user_id = u.id join directory.expert e on e.id = ue.expert_id
                where lower(u.email) = lower(@Email) and u.deleted_at is null
                  and exists (select 1 from matching.match m where m.expert_id = e.id)
                """, new { inbox.Email });
            if (row is not { } f)
            {
                return null;
            }

            found.Add(new HeavyExpert(f.ExpertId, f.FullName, f.UserId, f.Email, volume.HeavyExpertPassword));
        }

        return found;
    }

    /// <summary>The account that answers for a heavy expert (its address is the expert's), created when missing.</summary>
    private static async Task<HeavyExpert> EnsureAccountAsync(NpgsqlConnection connection, Expert expert, string password)
    {
        var userId = await EnsureUserAsync(connection, expert.AntenneId, expert.FullName, expert.Email, password);
        await connection.ExecuteAsync(
            "insert into directory.user_expert (user_id, expert_id) values (@UserId, @ExpertId) on conflict do nothing",
            new { UserId = userId, ExpertId = expert.Id });
        return new HeavyExpert(expert.Id, expert.FullName, userId, expert.Email, password);
    }

    private static async Task EnsureAdminAsync(NpgsqlConnection connection, RequestsVolume volume, Guid antenneId)
    {
        var userId = await EnsureUserAsync(connection, antenneId, "Administratrice Bench", volume.AdminEmail, volume.AdminPassword);
        await connection.ExecuteAsync(
            "insert into directory.user_role (user_id, role) values (@UserId, 'admin') on conflict do nothing", new { UserId = userId });
    }

    private static async Task<Guid> EnsureUserAsync(NpgsqlConnection connection, Guid antenneId, string fullName, string email, string password)
    {
        var userId = await connection.ExecuteScalarAsync<Guid?>(
            "select id from directory.user_account where lower(email) = lower(@Email) and deleted_at is null", new { Email = email });
        if (userId is null)
        {
            userId = Guid.CreateVersion7();
            await connection.ExecuteAsync("""
                insert into directory.user_account (id, antenne_id, full_name, email, password_hash)
                values (@UserId, @AntenneId, @FullName, @Email, @Hash);
                """, new { UserId = userId, AntenneId = antenneId, FullName = fullName, Email = email, Hash = Passwords.Hash(password) });
        }

        await connection.ExecuteAsync(
            "update directory.user_account set password_hash = @Hash, failed_attempts = 0, locked_until = null where id = @UserId",
            new { UserId = userId, Hash = Passwords.Hash(password) });
        return userId.Value;
    }

    /// <summary>A directory expert as the matches copy them (properties: Dapper maps PostgreSQL arrays to properties only).</summary>
    private sealed record Expert
    {
        public required Guid Id { get; init; }
        public required string FullName { get; init; }
        public required string Email { get; init; }
        public required Guid AntenneId { get; init; }
        public required string AntenneName { get; init; }
        public required Guid InstitutionId { get; init; }
        public required string InstitutionName { get; init; }
        public string[] Subjects { get; init; } = [];
    }

    private struct RequestRow
    {
        public Guid Id;
        public DateTime SubmittedAt;
        public DateTime? DecidedAt;
        public int Company;
        public int Subject;
        public byte Status;
        public string Description;
        public string Answers;
    }

    private struct NeedRow
    {
        public Guid Id;
        public int Request;
        public int Subject;
        public DateTime SentAt;
        public string Status;
    }

    private struct MatchRow
    {
        public Guid Id;
        public int Need;
        public int Expert;
        public byte Status;
        public DateTime SentAt;
        public DateTime? TakenAt;
        public DateTime? ClosedAt;
    }

    private sealed class Generator
    {
        private readonly RequestsVolume volume;
        private readonly List<Expert> experts;
        private readonly int[] heavyIndexes;
        private readonly Guid[] heavyUserIds;
        private readonly (string Code, string Name)[] communes;
        private readonly Random random;
        private readonly string[] subjects;
        private readonly double[] subjectWeights;
        private readonly int[][] expertsBySubject;
        private readonly int companies;
        private readonly List<RequestRow> requests;
        private readonly List<NeedRow> needs;
        private readonly List<MatchRow> matches;

        public Generator(RequestsVolume volume, List<Expert> experts, int[] heavyIndexes, Guid[] heavyUserIds, (string Code, string Name)[] communes)
        {
            this.volume = volume;
            this.experts = experts;
            this.heavyIndexes = heavyIndexes;
            this.heavyUserIds = heavyUserIds;
            random = new Random(volume.Seed);
            // A few popular communes: the reference order shuffled once, then drawn with a power law.
            this.communes = [.. communes];
            random.Shuffle(this.communes);
            subjects = experts.SelectMany(e => e.Subjects).Distinct().Order(StringComparer.Ordinal).ToArray();
            random.Shuffle(subjects);
            // Popularity falls with the rank: the first subject gets about ten times the last one's share (of forty).
            subjectWeights = new double[subjects.Length];
            for (var i = 0; i < subjects.Length; i++)
            {
                subjectWeights[i] = (i == 0 ? 0 : subjectWeights[i - 1]) + 1 / Math.Pow(i + 1, 0.6);
            }

            expertsBySubject = subjects.Select(s => experts.Select((e, i) => (e, i))
                .Where(x => !heavyIndexes.Contains(x.i) && x.e.Subjects.Contains(s)).Select(x => x.i).ToArray()).ToArray();
            companies = Math.Max(1, volume.Requests * 6 / 10);
            requests = new List<RequestRow>(volume.Requests);
            needs = new List<NeedRow>(volume.Requests * 11 / 10);
            matches = new List<MatchRow>(volume.Requests * 34 / 10);
        }

        public int RequestCount => requests.Count;

        public int NeedCount => needs.Count;

        public int MatchCount => matches.Count;

        public int HistoryCount { get; private set; }

        private DateTime Now => volume.Now;

        private DateTime Latest => Now.AddMinutes(-1);

        /// <summary>Draws every request, need and match, oldest first, in memory (the copies then stream them table by table).</summary>
        public void Generate()
        {
            var start = Now.AddDays(-volume.Days);
            var slot = TimeSpan.FromDays(volume.Days).Ticks / (double)volume.Requests;
            var description = new StringBuilder(600);
            var given = new int[heavyIndexes.Length];
            Span<int> chosen = stackalloc int[6 + 2];
            Span<int> needSubjects = stackalloc int[3];
            for (var r = 0; r < volume.Requests; r++)
            {
                var submittedAt = new DateTime(start.Ticks + (long)((r + random.NextDouble()) * slot), DateTimeKind.Utc);
                // A heavy expert is owed a need when their even share up to this request exceeds what they were given.
                var owing = -1;
                for (var k = 0; k < heavyIndexes.Length && owing < 0; k++)
                {
                    if ((long)(r + 1) * volume.HeavyExperts[k].Matches / volume.Requests > given[k])
                    {
                        owing = k;
                    }
                }

                var age = Now - submittedAt;
                var draw = random.NextDouble();
                var status = owing >= 0 ? Validated
                    : age < TimeSpan.FromDays(3) ? (draw < 0.35 ? Received : Validated)
                    : draw switch { < 0.04 => Canceled, < 0.046 => Blocked, _ => Validated };
                var owingSubjects = owing >= 0 ? experts[heavyIndexes[owing]].Subjects : null;
                var subject = owingSubjects is null ? WeightedSubject() : Array.IndexOf(subjects, owingSubjects[random.Next(owingSubjects.Length)]);
                var request = new RequestRow
                {
                    Id = Uuid7(submittedAt),
                    SubmittedAt = submittedAt,
                    Company = random.Next(companies),
                    Subject = subject,
                    Status = status,
                    Description = Description(description),
                    Answers = Answers(),
                };
                if (status is Canceled or Blocked)
                {
                    request.DecidedAt = Before(submittedAt + TimeSpan.FromHours(1 + 48 * random.NextDouble()));
                }

                if (status != Validated)
                {
                    requests.Add(request);
                    continue;
                }

                var sentAt = Before(submittedAt + TimeSpan.FromMinutes(20) + TimeSpan.FromDays(6 * random.NextDouble() * random.NextDouble()));
                request.DecidedAt = sentAt;
                requests.Add(request);
                var needCount = random.NextDouble() switch { < 0.92 => 1, < 0.985 => 2, _ => 3 };
                var subjectCount = 0;
                needSubjects[subjectCount++] = subject;
                for (var attempt = 0; subjectCount < needCount && attempt < 10; attempt++)
                {
                    var other = WeightedSubject();
                    if (!needSubjects[..subjectCount].Contains(other))
                    {
                        needSubjects[subjectCount++] = other;
                    }
                }

                foreach (var needSubject in needSubjects[..subjectCount])
                {
                    var count = 0;
                    for (var k = 0; k < heavyIndexes.Length; k++)
                    {
                        if ((long)(r + 1) * volume.HeavyExperts[k].Matches / volume.Requests > given[k]
                            && experts[heavyIndexes[k]].Subjects.Contains(subjects[needSubject]))
                        {
                            chosen[count++] = heavyIndexes[k];
                            given[k]++;
                        }
                    }

                    var matchCount = Math.Max(count, MatchesOfNeed(random.NextDouble()));
                    var candidates = expertsBySubject[needSubject];
                    for (var attempt = 0; count < matchCount && attempt < 20 && candidates.Length > 0; attempt++)
                    {
                        var expert = candidates[random.Next(candidates.Length)];
                        if (!chosen[..count].Contains(expert))
                        {
                            chosen[count++] = expert;
                        }
                    }

                    var statuses = new byte[count];
                    for (var m = 0; m < count; m++)
                    {
                        var match = Answer(sentAt);
                        match.Id = Uuid7(sentAt);
                        match.Need = needs.Count;
                        match.Expert = chosen[m];
                        matches.Add(match);
                        statuses[m] = match.Status;
                    }

                    needs.Add(new NeedRow
                    {
                        Id = Uuid7(sentAt),
                        Request = requests.Count - 1,
                        Subject = needSubject,
                        SentAt = sentAt,
                        Status = count == 0 ? "no_expert" : NeedStatus(statuses),
                    });
                }
            }
        }

        public void CopyRequests(NpgsqlConnection connection)
        {
            using var importer = Import(connection, """
                copy solicitations.solicitation (id, full_name, email, phone, siret, subject_slug, description, status, created_at,
                                                 commune_code, company_name, naf_code, headcount_bracket, company_created_on, answers,
                                                 updated_at, submitted_at, validated_at, canceled_at, cancel_reply, blocked_reason,
                                                 in_rcs, in_rm, registers_checked_at, follow_up_matches, follow_up_open)
                from stdin (format binary)
                """);
            // What migration solicitations/0012's trigger keeps from the follow-up rows (CopyFollowUps copies them without it).
            var reached = new int[requests.Count];
            var open = new int[requests.Count];
            foreach (var match in matches)
            {
                var r = needs[match.Need].Request;
                reached[r]++;
                open[r] += match.Status == NotForMe ? 0 : 1;
            }

            for (var r = 0; r < requests.Count; r++)
            {
                var request = requests[r];
                var facts = new CompanyFacts(volume.Seed, request.Company, communes);
                var bits = new SplitMix((ulong)request.Company * 31 + 7);
                importer.StartRow();
                importer.Write(request.Id, NpgsqlDbType.Uuid);
                importer.Write(facts.ContactName, NpgsqlDbType.Text);
                importer.Write(facts.ContactEmail, NpgsqlDbType.Text);
                importer.Write(facts.ContactPhone, NpgsqlDbType.Text);
                importer.Write(facts.Siret, NpgsqlDbType.Text);
                importer.Write(subjects[request.Subject], NpgsqlDbType.Text);
                importer.Write(request.Description, NpgsqlDbType.Text);
                importer.Write(RequestStatuses[request.Status], NpgsqlDbType.Text);
                importer.Write(request.SubmittedAt.AddMinutes(-4), NpgsqlDbType.TimestampTz);
                WriteNullable(importer, facts.CommuneCode, NpgsqlDbType.Text);
                importer.Write(facts.Name, NpgsqlDbType.Text);
                importer.Write(facts.NafCode, NpgsqlDbType.Text);
                importer.Write(facts.HeadcountBracket, NpgsqlDbType.Text);
                importer.Write(facts.CreatedOn, NpgsqlDbType.Date);
                importer.Write(request.Answers, NpgsqlDbType.Jsonb);
                importer.Write(request.DecidedAt ?? request.SubmittedAt, NpgsqlDbType.TimestampTz);
                importer.Write(request.SubmittedAt, NpgsqlDbType.TimestampTz);
                WriteNullable(importer, request.Status == Validated ? request.DecidedAt : null, NpgsqlDbType.TimestampTz);
                WriteNullable(importer, request.Status == Canceled ? request.DecidedAt : null, NpgsqlDbType.TimestampTz);
                WriteNullable(importer, request.Status == Canceled ? CancelReplies[bits.Next(CancelReplies.Length)] : null, NpgsqlDbType.Text);
                WriteNullable(importer, request.Status == Blocked ? "Adresse e-mail signalée comme indésirable." : null, NpgsqlDbType.Text);
                // Most companies are in the RCS, craftsmen in the RM, a few in neither (an association, a liberal profession).
                var registers = bits.Next(100);
                importer.Write(registers < 97 && registers % 3 != 0, NpgsqlDbType.Boolean);
                importer.Write(registers < 97 && registers % 3 == 0, NpgsqlDbType.Boolean);
                importer.Write(request.SubmittedAt.AddMinutes(1), NpgsqlDbType.TimestampTz);
                importer.Write(reached[r], NpgsqlDbType.Integer);
                importer.Write(open[r], NpgsqlDbType.Integer);
            }

            importer.Complete();
        }

        /// <summary>The timeline's decisions: a validation, or an abandonment with its canned reply.</summary>
        public void CopyRequestEvents(NpgsqlConnection connection)
        {
            using var importer = Import(connection, """
                copy solicitations.solicitation_event (id, solicitation_id, occurred_at, actor, action, detail) from stdin (format binary)
                """);
            foreach (var request in requests)
            {
                if (request.Status is not (Validated or Canceled))
                {
                    continue;
                }

                importer.StartRow();
                importer.Write(Uuid7(request.DecidedAt!.Value), NpgsqlDbType.Uuid);
                importer.Write(request.Id, NpgsqlDbType.Uuid);
                importer.Write(request.DecidedAt.Value, NpgsqlDbType.TimestampTz);
                importer.Write($"Administratrice Bench <{volume.AdminEmail}>", NpgsqlDbType.Text);
                importer.Write(request.Status == Validated ? "validated" : "canceled", NpgsqlDbType.Text);
                importer.WriteNull();
            }

            importer.Complete();
        }

        /// <summary>What Matching tells the requester's follow-up page: each match with its institution, expert and status.</summary>
        public void CopyFollowUps(NpgsqlConnection connection)
        {
            // The follow-up counts are already on the requests: without the triggers (theirs and the foreign key's, the rows are
            // consistent by construction), rather than one update of a request per copied row. Superuser only, as the bench runs.
            using (var replica = new NpgsqlCommand("set local session_replication_role = replica", connection))
            {
                replica.ExecuteNonQuery();
            }

            CopyFollowUpRows(connection);
            using var origin = new NpgsqlCommand("set local session_replication_role = origin", connection);
            origin.ExecuteNonQuery();
        }

        private void CopyFollowUpRows(NpgsqlConnection connection)
        {
            using var importer = Import(connection, """
                copy solicitations.follow_up_match (match_id, solicitation_id, institution_name, created_at, expert_name, status,
                                                    taken_at, closed_at, status_changed_at)
                from stdin (format binary)
                """);
            foreach (var match in matches)
            {
                var expert = experts[match.Expert];
                importer.StartRow();
                importer.Write(match.Id, NpgsqlDbType.Uuid);
                importer.Write(requests[needs[match.Need].Request].Id, NpgsqlDbType.Uuid);
                importer.Write(expert.InstitutionName, NpgsqlDbType.Text);
                importer.Write(match.SentAt, NpgsqlDbType.TimestampTz);
                importer.Write(expert.FullName, NpgsqlDbType.Text);
                importer.Write(Statuses[match.Status], NpgsqlDbType.Text);
                WriteNullable(importer, match.TakenAt, NpgsqlDbType.TimestampTz);
                WriteNullable(importer, match.ClosedAt, NpgsqlDbType.TimestampTz);
                WriteNullable(importer, match.Status == Quo ? null : match.ClosedAt ?? match.TakenAt, NpgsqlDbType.TimestampTz);
            }

            importer.Complete();
        }

        public void CopyNeeds(NpgsqlConnection connection)
        {
            using var importer = Import(connection, """
                copy matching.need (id, solicitation_id, subject_slug, siret, company_name, commune_code, naf_code, headcount_bracket,
                                    company_created_on, description, status, created_at, requested_at, answers)
                from stdin (format binary)
                """);
            foreach (var need in needs)
            {
                var request = requests[need.Request];
                var facts = new CompanyFacts(volume.Seed, request.Company, communes);
                importer.StartRow();
                importer.Write(need.Id, NpgsqlDbType.Uuid);
                importer.Write(request.Id, NpgsqlDbType.Uuid);
                importer.Write(subjects[need.Subject], NpgsqlDbType.Text);
                importer.Write(facts.Siret, NpgsqlDbType.Text);
                importer.Write(facts.Name, NpgsqlDbType.Text);
                WriteNullable(importer, facts.CommuneCode, NpgsqlDbType.Text);
                importer.Write(facts.NafCode, NpgsqlDbType.Text);
                importer.Write(facts.HeadcountBracket, NpgsqlDbType.Text);
                importer.Write(facts.CreatedOn, NpgsqlDbType.Date);
                importer.Write(request.Description, NpgsqlDbType.Text);
                importer.Write(need.Status, NpgsqlDbType.Text);
                importer.Write(need.SentAt, NpgsqlDbType.TimestampTz);
                importer.Write(request.SubmittedAt, NpgsqlDbType.TimestampTz);
                importer.Write(need.Subject == request.Subject ? request.Answers : "[]", NpgsqlDbType.Jsonb);
            }

            importer.Complete();
        }

        /// <summary>
        /// The matches, through a staging table: matching.match's row triggers (matching/0011, 0013) would look each one's need
        /// up and add it to its expert's count one row at a time, and an expert's count row updated 200,000 times in one
        /// transaction took most of an hour. The rows go in with their need's subject and search head joined, the triggers off
        /// (theirs and the foreign keys': the rows are consistent by construction), and the counts are summed once.
        /// </summary>
        public void CopyMatches(NpgsqlConnection connection)
        {
            Execute(connection, $"create temp table match_copy on commit drop as select {MatchColumns} from matching.match with no data");
            CopyMatchRows(connection);
            Execute(connection, $"""
                set local session_replication_role = replica;
                insert into matching.match ({MatchColumns}, subject_slug, search_head)
                select c.*, n.subject_slug, left(n.search_text, 500) from match_copy c join matching.need n on n.id = c.need_id;
                set local session_replication_role = origin;
                insert into matching.expert_match_count as c (expert_id, status, subject_slug, count)
                select m.expert_id, m.status, n.subject_slug, count(*)
                from match_copy m join matching.need n on n.id = m.need_id
                where m.sent_at is not null
                group by 1, 2, 3
                on conflict (expert_id, status, subject_slug) do update set count = c.count + excluded.count;
                """);
        }

        private const string MatchColumns = """
            id, need_id, expert_id, expert_name, expert_email, antenne_id, antenne_name, institution_id, institution_name,
            status, created_at, sent_at, taken_care_of_at, closed_at, status_changed_at
            """;

        private void CopyMatchRows(NpgsqlConnection connection)
        {
            using var importer = Import(connection, $"copy match_copy ({MatchColumns}) from stdin (format binary)");
            foreach (var match in matches)
            {
                var expert = experts[match.Expert];
                importer.StartRow();
                importer.Write(match.Id, NpgsqlDbType.Uuid);
                importer.Write(needs[match.Need].Id, NpgsqlDbType.Uuid);
                importer.Write(expert.Id, NpgsqlDbType.Uuid);
                importer.Write(expert.FullName, NpgsqlDbType.Text);
                importer.Write(expert.Email, NpgsqlDbType.Text);
                importer.Write(expert.AntenneId, NpgsqlDbType.Uuid);
                importer.Write(expert.AntenneName, NpgsqlDbType.Text);
                importer.Write(expert.InstitutionId, NpgsqlDbType.Uuid);
                importer.Write(expert.InstitutionName, NpgsqlDbType.Text);
                importer.Write(Statuses[match.Status], NpgsqlDbType.Text);
                importer.Write(match.SentAt, NpgsqlDbType.TimestampTz);
                importer.Write(match.SentAt, NpgsqlDbType.TimestampTz);
                WriteNullable(importer, match.TakenAt, NpgsqlDbType.TimestampTz);
                WriteNullable(importer, match.ClosedAt, NpgsqlDbType.TimestampTz);
                WriteNullable(importer, match.Status == Quo ? null : match.ClosedAt ?? match.TakenAt, NpgsqlDbType.TimestampTz);
            }

            importer.Complete();
        }

        /// <summary>One row per answer: quo → taking_care (taken), taking_care → done… (closed), quo → not_for_me (declined).</summary>
        public void CopyHistory(NpgsqlConnection connection)
        {
            using var importer = Import(connection, """
                copy matching.match_history (id, match_id, need_id, from_status, to_status, actor_user_id, actor_name, occurred_at, comment)
                from stdin (format binary)
                """);
            foreach (var match in matches)
            {
                var expert = experts[match.Expert];
                var heavy = Array.IndexOf(heavyIndexes, match.Expert);
                var actor = heavy >= 0 ? heavyUserIds[heavy] : expert.Id;
                void Row(byte from, byte to, DateTime at, string? comment)
                {
                    importer.StartRow();
                    importer.Write(Uuid7(at), NpgsqlDbType.Uuid);
                    importer.Write(match.Id, NpgsqlDbType.Uuid);
                    importer.Write(needs[match.Need].Id, NpgsqlDbType.Uuid);
                    importer.Write(Statuses[from], NpgsqlDbType.Text);
                    importer.Write(Statuses[to], NpgsqlDbType.Text);
                    importer.Write(actor, NpgsqlDbType.Uuid);
                    importer.Write(expert.FullName, NpgsqlDbType.Text);
                    importer.Write(at, NpgsqlDbType.TimestampTz);
                    WriteNullable(importer, comment, NpgsqlDbType.Text);
                    HistoryCount++;
                }

                if (match.TakenAt is { } taken)
                {
                    Row(Quo, TakingCare, taken, null);
                }

                if (match.Status is Done or DoneNoHelp or DoneNotReachable)
                {
                    Row(TakingCare, match.Status, match.ClosedAt!.Value, null);
                }
                else if (match.Status == NotForMe)
                {
                    Row(Quo, NotForMe, match.ClosedAt!.Value, random.Next(5) < 2 ? DeclineReasons[random.Next(DeclineReasons.Length)] : null);
                }
            }

            importer.Complete();
        }

        private static void Execute(NpgsqlConnection connection, string sql)
        {
            using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
            command.ExecuteNonQuery();
        }

        private static NpgsqlBinaryImporter Import(NpgsqlConnection connection, string copy)
        {
            var importer = connection.BeginBinaryImport(copy);
            // Completing waits for the foreign keys' checks and the triggers of every row: far longer than the default 30 s here.
            importer.Timeout = TimeSpan.FromHours(1);
            return importer;
        }

        private DateTime Before(DateTime at) => at < Latest ? at : Latest;

        /// <summary>A status for a match sent at <paramref name="sentAt"/>, by its age, with its times.</summary>
        private MatchRow Answer(DateTime sentAt)
        {
            var age = Now - sentAt;
            var draw = random.NextDouble();
            var status = age < TimeSpan.FromDays(45)
                ? draw switch { < 0.55 => Quo, < 0.80 => TakingCare, < 0.90 => NotForMe, < 0.97 => Done, < 0.99 => DoneNoHelp, _ => DoneNotReachable }
                : draw switch { < 0.15 => Quo, < 0.22 => TakingCare, < 0.40 => NotForMe, < 0.85 => Done, < 0.93 => DoneNoHelp, _ => DoneNotReachable };
            // Answers come fast or late: most within a few days, a few after weeks.
            var answered = Before(sentAt + TimeSpan.FromDays(10 * Math.Pow(random.NextDouble(), 3)));
            var closed = Before(answered + TimeSpan.FromDays(60 * Math.Pow(random.NextDouble(), 2)));
            return status switch
            {
                Quo => new MatchRow { Status = Quo, SentAt = sentAt },
                TakingCare => new MatchRow { Status = TakingCare, SentAt = sentAt, TakenAt = answered },
                NotForMe => new MatchRow { Status = NotForMe, SentAt = sentAt, ClosedAt = answered },
                _ => new MatchRow { Status = status, SentAt = sentAt, TakenAt = answered, ClosedAt = closed },
            };
        }

        /// <summary>Matching's rule (MatchStatus.NeedStatusOf): the first present of done, done_no_help, done_not_reachable, taking_care, quo; else not_for_me.</summary>
        private static string NeedStatus(byte[] statuses)
        {
            foreach (var status in (ReadOnlySpan<byte>)[Done, DoneNoHelp, DoneNotReachable, TakingCare, Quo])
            {
                if (Array.IndexOf(statuses, status) >= 0)
                {
                    return Statuses[status];
                }
            }

            return Statuses[NotForMe];
        }

        /// <summary>1 to 6 matches, 3 on average (15 %, 25 %, 25 %, 20 %, 10 %, 5 %).</summary>
        private static int MatchesOfNeed(double draw) => draw switch { < 0.15 => 1, < 0.40 => 2, < 0.65 => 3, < 0.85 => 4, < 0.95 => 5, _ => 6 };

        private int WeightedSubject()
        {
            var draw = random.NextDouble() * subjectWeights[^1];
            var index = Array.BinarySearch(subjectWeights, draw);
            return Math.Min(index < 0 ? ~index : index, subjectWeights.Length - 1);
        }

        private string Description(StringBuilder text)
        {
            text.Clear().Append(Openings[random.Next(Openings.Length)]);
            for (var i = random.Next(1, 4); i > 0; i--)
            {
                text.Append(' ').Append(Details[random.Next(Details.Length)]);
            }

            return text.Replace("{n}", (2 + random.Next(48)).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToString();
        }

        private string Answers()
        {
            if (random.Next(10) >= 3)
            {
                return "[]";
            }

            var answers = Questions.Take(1 + random.Next(Questions.Length))
                .Select(q => new { Question = q, Answer = random.Next(5) switch { 0 => (bool?)null, 1 or 2 => true, _ => false } });
            return JsonSerializer.Serialize(answers);
        }

        /// <summary>A version 7 uuid of <paramref name="at"/> (as Guid.CreateVersion7 makes them) with seeded random bits.</summary>
        private Guid Uuid7(DateTime at)
        {
            Span<byte> bytes = stackalloc byte[16];
            random.NextBytes(bytes);
            var milliseconds = (at.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMillisecond;
            for (var i = 0; i < 6; i++)
            {
                bytes[i] = (byte)(milliseconds >> (8 * (5 - i)));
            }

            bytes[6] = (byte)(0x70 | (bytes[6] & 0x0F));
            bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));
            return new Guid(bytes, bigEndian: true);
        }

        private static void WriteNullable<T>(NpgsqlBinaryImporter importer, T? value, NpgsqlDbType type) where T : class
        {
            if (value is null)
            {
                importer.WriteNull();
            }
            else
            {
                importer.Write(value, type);
            }
        }

        private static void WriteNullable(NpgsqlBinaryImporter importer, DateTime? value, NpgsqlDbType type)
        {
            if (value is { } v)
            {
                importer.Write(v, type);
            }
            else
            {
                importer.WriteNull();
            }
        }
    }

    /// <summary>A company of the pool, derived from its number alone (so a company asking again is the same company).</summary>
    private readonly struct CompanyFacts
    {
        public CompanyFacts(int seed, int number, (string Code, string Name)[] communes)
        {
            var bits = new SplitMix(((ulong)(uint)seed << 32) ^ (ulong)number);
            var (activity, naf) = Activities[bits.Next(Activities.Length)];
            var surname = Surnames[bits.Next(Surnames.Length)];
            var commune = communes.Length == 0 ? default : communes[(int)(communes.Length * Math.Pow(bits.NextDouble(), 3))];
            var name = bits.Next(20) switch
            {
                < 9 => $"{activity} {surname}",
                < 12 when commune.Name is not null => $"{activity} de {commune.Name}",
                < 14 => $"{surname} et Fils",
                < 16 => $"SARL {surname}",
                < 18 => $"{activity} {surname} et {Surnames[bits.Next(Surnames.Length)]}",
                _ => $"Les Ateliers {surname}",
            };
            Name = bits.Next(2) == 0 ? name.ToUpperInvariant() : name;
            // A SIREN per company (8 digits and the Luhn key); the establishment's NIC completes a SIRET with its own key.
            var siren = WithLuhnKey((10_000_000 + ((long)number * 48_271 + seed) % 89_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture));
            Siret = WithLuhnKey(siren + (1 + bits.Next(40)).ToString("0000", System.Globalization.CultureInfo.InvariantCulture));
            CommuneCode = commune.Code;
            NafCode = naf;
            HeadcountBracket = Brackets[bits.Next(Brackets.Length)];
            CreatedOn = new DateOnly(1975, 1, 1).AddDays(bits.Next(50 * 365));
            // The person who asks for the company: the same each time it asks.
            var first = FirstNames[bits.Next(FirstNames.Length)];
            var last = Surnames[bits.Next(Surnames.Length)];
            ContactName = $"{first} {last}";
            ContactEmail = $"{Ascii(first)}.{Ascii(last)}{number % 1000}@{Domains[bits.Next(Domains.Length)]}";
            ContactPhone = $"0{6 + bits.Next(2)} {bits.Next(100):00} {bits.Next(100):00} {bits.Next(100):00} {bits.Next(100):00}";
        }

        public string Name { get; }
        public string Siret { get; }
        public string? CommuneCode { get; }
        public string NafCode { get; }
        public string HeadcountBracket { get; }
        public DateOnly CreatedOn { get; }
        public string ContactName { get; }
        public string ContactEmail { get; }
        public string ContactPhone { get; }

        /// <summary>"Lefèvre" as an address writes it: "lefevre".</summary>
        private static string Ascii(string name)
        {
            var text = new StringBuilder(name.Length);
            foreach (var c in name.Normalize(NormalizationForm.FormD).ToLowerInvariant())
            {
                if (char.IsAsciiLetterOrDigit(c))
                {
                    text.Append(c);
                }
                else if (c is ' ' or '-')
                {
                    text.Append('-');
                }
            }

            return text.ToString();
        }

        private static string WithLuhnKey(string digits)
        {
            var sum = 0;
            for (var i = 0; i < digits.Length; i++)
            {
                // From the right, the key's neighbour is doubled.
                var d = digits[digits.Length - 1 - i] - '0';
                sum += i % 2 == 0 ? (d * 2 > 9 ? d * 2 - 9 : d * 2) : d;
            }

            return digits + (char)('0' + (10 - sum % 10) % 10);
        }
    }

    /// <summary>SplitMix64: cheap, seeded, the same on every platform.</summary>
    private struct SplitMix(ulong state)
    {
        private ulong state = state;

        public ulong NextUInt64()
        {
            var z = state += 0x9E3779B97F4A7C15;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
            return z ^ (z >> 31);
        }

        public int Next(int bound) => (int)(NextUInt64() % (ulong)bound);

        public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));
    }

    private static readonly (string Activity, string Naf)[] Activities =
    [
        ("Boulangerie", "10.71C"), ("Pâtisserie", "10.71D"), ("Crèmerie", "47.29Z"), ("Fromagerie", "47.29Z"), ("Boucherie", "47.22Z"),
        ("Charcuterie", "10.13B"), ("Épicerie fine", "47.29Z"), ("Menuiserie", "43.32A"), ("Ébénisterie", "31.09B"),
        ("Électricité générale", "43.21A"), ("Plâtrerie", "43.31Z"), ("Maçonnerie", "43.99C"), ("Couverture", "43.91B"),
        ("Plomberie chauffage", "43.22A"), ("Serrurerie", "43.32B"), ("Métallerie", "25.11Z"), ("Garage", "45.20A"),
        ("Carrosserie", "45.20B"), ("Transports", "49.41A"), ("Hôtel", "55.10Z"), ("Café", "56.30Z"), ("Brasserie", "56.10A"),
        ("Restaurant", "56.10A"), ("Traiteur", "56.21Z"), ("Crèche", "88.91A"), ("Pharmacie", "47.73Z"), ("Librairie", "47.61Z"),
        ("Imprimerie", "18.12Z"), ("Cordonnerie", "95.23Z"), ("Coiffure", "96.02A"), ("Institut de beauté", "96.02B"),
        ("Auto-école", "85.53Z"), ("Agence immobilière", "68.31Z"), ("Cabinet comptable", "69.20Z"), ("Studio graphique", "74.10Z"),
        ("Informatique", "62.02A"), ("Conseil", "70.22Z"), ("Nettoyage", "81.21Z"), ("Paysagiste", "81.30Z"),
        ("Vins et spiritueux", "47.25Z"), ("Fleuriste", "47.76Z"), ("Textile", "13.92Z"), ("Toilettage", "96.09Z"), ("Scierie", "16.10A"),
    ];

    private static readonly string[] Surnames =
    [
        "Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois", "Moreau", "Laurent", "Simon", "Michel",
        "Lefèvre", "Leroy", "Roux", "David", "Bertrand", "Morel", "Fournier", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine",
        "Rousseau", "Vincent", "Müller", "Lefebvre", "Faure", "André", "Mercier", "Blanc", "Guérin", "Boyer", "Garnier", "Chevalier",
        "François", "Legrand", "Gauthier", "Garcia", "Perrin", "Robin", "Clément", "Morin", "Nicolas", "Henry", "Roussel", "Mathieu",
        "Gautier", "Masson", "Marchand", "Duval", "Denis", "Dumont", "Lemaire", "Noël", "Meyer", "Dufour", "Meunier", "Brun",
        "Blanchard", "Giraud", "Joly", "Rivière", "Lucas", "Brunet", "Gaillard", "Barbier", "Arnaud", "Martinez", "Gérard", "Roche",
        "Renard", "Schmitt", "Roy", "Leroux", "Colin", "Vidal", "Caron", "Picard", "Roger", "Fabre", "Aubert", "Lemoine", "Renaud",
        "Dumas", "Lacroix", "Olivier", "Philippe", "Bourgeois", "Pierre", "Benoît", "Rey", "Leclerc", "Payet", "Rolland", "Guillaume",
        "Lecomte", "López", "Dupuy", "Guillot", "Hubert", "Berger", "Carpentier", "Sánchez", "Dupuis", "Moulin", "Deschamps", "Huet",
        "Vasseur", "Perez", "Boucher", "Fleury", "Royer", "Klein", "Jacquet", "Adam", "Poirier", "Marty", "Aubry", "Guyot", "Carré",
        "Charles", "Renault", "Charpentier", "Ménard", "Maillard", "Baron", "Bertin", "Bailly", "Hervé", "Schneider", "Fernandez",
        "Le Gall", "Collet", "Léger", "Bouvier", "Julien", "Prévost", "Millet", "Perrot", "Daniel", "Le Roux", "Cousin", "Germain",
        "Breton", "Besson", "Langlois", "Rémy", "Le Goff", "Pelletier", "Lévêque", "Perrier", "Leblanc", "Barré", "Lebrun", "Marchal",
        "Weber", "Mallet", "Hamon", "Jacob", "Monnier", "Michaud", "Rodriguez", "Guichard", "Gillet", "Étienne", "Grondin", "Poulain",
        "Tessier", "Chauvin", "Da Silva", "Bouchet", "Gay", "Lemaître", "Bénard", "Maréchal", "Humbert", "Reynaud", "Hoarau",
    ];

    private static readonly string[] Brackets = ["NN", "00", "01", "02", "03", "11", "12", "21", "22", "31", "32", "41", "42", "51", "52", "53"];

    private static readonly string[] Openings =
    [
        "Nous souhaitons développer notre activité à l’export, en particulier vers la Belgique et la Suisse.",
        "Notre entreprise recrute deux salariés et cherche des aides à l’embauche.",
        "Nous voulons financer l’achat d’un nouveau four et rénover la boutique.",
        "Le gérant part à la retraite dans deux ans : nous préparons la transmission de l’entreprise.",
        "Nous avons besoin d’un accompagnement pour numériser la gestion des commandes.",
        "La trésorerie est tendue depuis la hausse du prix de l’énergie.",
        "Nous cherchons à réduire notre consommation d’électricité et à isoler l’atelier.",
        "Nous aimerions répondre à des marchés publics de la métropole.",
        "Un client important ne paie plus ses factures depuis trois mois.",
        "Nous envisageons d’ouvrir un deuxième établissement en centre-ville.",
        "Nous souhaitons former l’équipe aux règles d’hygiène et de sécurité.",
        "Le local est devenu trop petit : nous cherchons un terrain pour construire.",
        "Nous voulons créer un site de vente en ligne et mieux gérer nos stocks.",
        "Nous recherchons un prêt d’honneur pour compléter l’apport personnel.",
        "Nous devons mettre l’établissement aux normes d’accessibilité.",
        "Nous exportons déjà en Allemagne et voulons prospecter l’Espagne.",
        "L’entreprise a subi un dégât des eaux et l’activité est à l’arrêt.",
        "Nous cherchons un apprenti pour la rentrée de septembre.",
        "Nous souhaitons obtenir un label qualité pour nos produits régionaux.",
        "Nous voulons protéger notre marque et déposer un brevet.",
        "Nous reprenons une entreprise voisine et cherchons un financement.",
        "Nous voulons passer nos véhicules à l’électrique et installer des bornes de recharge.",
    ];

    private static readonly string[] Details =
    [
        "Merci de nous rappeler le matin.",
        "Nous sommes joignables du lundi au vendredi.",
        "Pouvez-vous nous conseiller sur les aides existantes ?",
        "Le projet représente un investissement d’environ {n} 000 €.",
        "Nous sommes {n} salariés.",
        "La banque a refusé un premier prêt.",
        "Nous avons déjà un devis d’un fournisseur.",
        "Le chiffre d’affaires a baissé de {n} % cette année.",
        "Nous avons été orientés par la chambre de métiers.",
        "Le dossier doit être déposé avant la fin du trimestre.",
        "Nous travaillons surtout avec des collectivités et des hôpitaux.",
        "Un expert-comptable nous accompagne déjà.",
        "Nous préférons un rendez-vous sur place, à l’atelier.",
        "L’équipe est prête à se former dès le mois prochain.",
    ];

    private static readonly string[] Questions =
    [
        "Avez-vous déjà un financement bancaire ?", "Le projet a-t-il déjà commencé ?", "Avez-vous déjà été accompagné sur ce sujet ?",
    ];

    private static readonly string[] FirstNames =
    [
        "Camille", "Léa", "Manon", "Chloé", "Inès", "Sarah", "Émilie", "Julie", "Hélène", "Céline", "Nathalie", "Sophie", "Anaïs",
        "Lucas", "Hugo", "Louis", "Jules", "Thomas", "Nicolas", "Julien", "Sébastien", "François", "Jérôme", "Stéphane", "Noël", "Karim",
    ];

    private static readonly string[] Domains = ["gmail.com", "orange.fr", "free.fr", "laposte.net", "wanadoo.fr", "outlook.fr", "sfr.fr"];

    /// <summary>Canned replies of the triage desk (CannedReplies) an abandoned request was answered with.</summary>
    private static readonly string[] CancelReplies = ["hors-champ", "hors-de-france", "doublon", "precisions", "creation", "intermediaire"];

    private static readonly string[] DeclineReasons =
    [
        "Hors de mon périmètre géographique.", "Déjà accompagnée par un autre organisme.", "Demande trop imprécise : nous n’avons pas pu la qualifier.",
        "Ce sujet relève d’un autre service de notre établissement.",
    ];
}
