using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PdE.Matching.Features.ChangeMatchStatus;
using PdE.Matching.Features.ShowExpertInbox;
using PdE.Matching.Features.ShowNeed;
using PdE.Matching.Matches;
using PdE.Matching.Tests.Fakes;
using static PdE.Matching.Tests.MatchingScenario;

namespace PdE.Matching.Tests.ShowExpertInbox;

/// <summary>
/// The expert inbox: each need in the tab of the agent's own sent match (waiting ones expire after 45 days), counts of
/// needs per tab, search, subject and date filters, 25 a page; drafts are seen by no expert.
/// </summary>
public sealed class ShowExpertInboxTests
{
    /// <summary>A Monday, 10 a.m. in Paris.</summary>
    private static readonly DateTimeOffset Monday = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private static readonly Dictionary<string, int> NoNeed = new() { ["reception"] = 0, ["en-cours"] = 0, ["clotures"] = 0, ["refuses"] = 0, ["expires"] = 0 };

    private static TestClock Clock => MatchingTestHost.Clock;

    [SetUp]
    public async Task ResetAsync()
    {
        DirectoryQueriesFake.Reset();
        Clock.Reset();
        await MatchingTestHost.Host.ResetAsync();
    }

    [TearDown]
    public void ResetClock() => Clock.Reset();

    [Test]
    public async Task Each_need_shows_in_the_tab_of_the_agent_s_own_match_with_counts()
    {
        var first = await RouteAsync("PREMIÈRE");
        var second = await RouteAsync("DEUXIÈME");
        var third = await RouteAsync("TROISIÈME");
        var fourth = await RouteAsync("QUATRIÈME");
        await first.AnswerAsync(first.CamilleMatch, MatchAnswer.Take, CamilleAgent);
        await second.AnswerAsync(second.CamilleMatch, MatchAnswer.Take, CamilleAgent);
        await second.AnswerAsync(second.CamilleMatch, MatchAnswer.CloseWithoutHelp, CamilleAgent);
        await third.AnswerAsync(third.CamilleMatch, MatchAnswer.Decline, CamilleAgent);
        // Bruno's answer moves nothing in Camille's inbox.
        await fourth.AnswerAsync(fourth.BrunoMatch, MatchAnswer.Take, BrunoAgent);

        var inbox = await InboxAsync(CamilleAgent, "reception");

        Assert.That(inbox.Counts, Is.EqualTo(Counts(reception: 1, inProgress: 1, closed: 1, declined: 1)));
        Assert.That(inbox.Needs.Select(n => n.CompanyName), Is.EqualTo(new[] { "QUATRIÈME" }));
        Assert.That(await NamesAsync(CamilleAgent, "en-cours"), Is.EqualTo(new[] { "PREMIÈRE" }));
        Assert.That(await NamesAsync(CamilleAgent, "clotures"), Is.EqualTo(new[] { "DEUXIÈME" }));
        Assert.That((await InboxAsync(CamilleAgent, "refuses")).Needs.Select(n => (n.CompanyName, n.ExpertNames)), Is.EqualTo(new[] { ("TROISIÈME", "Camille Martin") }));
        Assert.That(await NamesAsync(BrunoAgent, "reception"), Is.EqualTo(new[] { "PREMIÈRE", "DEUXIÈME", "TROISIÈME" }),
            "the inbox shows the oldest first");
    }

    [Test]
    public async Task Closed_needs_come_newest_first_and_an_agent_without_expert_has_an_empty_inbox()
    {
        var first = await RouteAsync("PREMIÈRE");
        var second = await RouteAsync("DEUXIÈME");
        foreach (var need in new[] { second, first })
        {
            await need.AnswerAsync(need.CamilleMatch, MatchAnswer.Take, CamilleAgent);
            await need.AnswerAsync(need.CamilleMatch, MatchAnswer.CloseWithHelp, CamilleAgent);
        }

        Assert.That(await NamesAsync(CamilleAgent, "clotures"), Is.EqualTo(new[] { "PREMIÈRE", "DEUXIÈME" }));
        var nobody = await InboxAsync(new AgentViewer(Guid.NewGuid(), "Sans référent", [], false), "reception");
        Assert.That((nobody.Needs.Count, nobody.Counts.Values.Sum()), Is.EqualTo((0, 0)));
    }

    [Test]
    public async Task A_need_waiting_45_days_after_it_was_sent_leaves_the_reception_for_the_expired_tab()
    {
        Clock.Set(Monday);
        var need = await RouteAsync("EN ATTENTE");
        await using (var connection = Connect())
        {
            Assert.That(await connection.QuerySingleAsync<DateTime>("select sent_at from matching.match where id = @CamilleMatch", need),
                Is.EqualTo(Monday.UtcDateTime), "routing sends its matches at once");
        }

        Clock.Advance(InboxTab.ExpiresAfter - TimeSpan.FromSeconds(1));
        var justBefore = await InboxAsync(CamilleAgent, "reception");
        Assert.That(justBefore.Counts, Is.EqualTo(Counts(reception: 1)));
        Assert.That(justBefore.Needs.Select(n => n.CompanyName), Is.EqualTo(new[] { "EN ATTENTE" }));
        Assert.That(await NamesAsync(CamilleAgent, "expires"), Is.Empty);

        Clock.Advance(TimeSpan.FromSeconds(1));
        var expired = await InboxAsync(CamilleAgent, "expires");
        Assert.That(expired.Counts, Is.EqualTo(Counts(expired: 1)), "45 days to the second: expired");
        Assert.That(expired.Needs.Select(n => (n.CompanyName, n.ReceivedAt)), Is.EqualTo(new[] { ("EN ATTENTE", Monday.UtcDateTime) }));
        Assert.That(await NamesAsync(CamilleAgent, "reception"), Is.Empty);
        Assert.That(InboxTab.OfMatch(MatchStatus.Quo, Monday.UtcDateTime, Clock.GetUtcNow().UtcDateTime), Is.EqualTo(InboxTab.Expired),
            "the need page's breadcrumb goes back to the same tab");

        // An expired need may still be answered: taken, it is in progress like any other.
        Assert.That((await need.AnswerAsync(need.CamilleMatch, MatchAnswer.Take, CamilleAgent)).Succeeded, Is.True);
        Assert.That((await InboxAsync(CamilleAgent, "en-cours")).Counts, Is.EqualTo(Counts(inProgress: 1)));
    }

    [Test]
    public async Task Waiting_and_in_progress_needs_come_oldest_first_refused_and_expired_ones_newest_first()
    {
        Clock.Set(Monday);
        var first = await RouteAsync("PREMIÈRE");
        Clock.Advance(TimeSpan.FromHours(1));
        var second = await RouteAsync("DEUXIÈME");
        Clock.Advance(TimeSpan.FromHours(1));
        var third = await RouteAsync("TROISIÈME");
        Clock.Advance(TimeSpan.FromHours(1));
        await third.AnswerAsync(third.CamilleMatch, MatchAnswer.Take, CamilleAgent);
        Clock.Advance(TimeSpan.FromHours(1));
        await first.AnswerAsync(first.CamilleMatch, MatchAnswer.Take, CamilleAgent);
        await first.AnswerAsync(first.BrunoMatch, MatchAnswer.Decline, BrunoAgent);
        Clock.Advance(TimeSpan.FromHours(1));
        await third.AnswerAsync(third.BrunoMatch, MatchAnswer.Decline, BrunoAgent);

        Assert.That(await NamesAsync(CamilleAgent, "en-cours"), Is.EqualTo(new[] { "PREMIÈRE", "TROISIÈME" }), "in progress: the oldest received first");
        Assert.That(await NamesAsync(BrunoAgent, "refuses"), Is.EqualTo(new[] { "TROISIÈME", "PREMIÈRE" }), "refused: the latest refusal first");

        Clock.Advance(TimeSpan.FromDays(50));
        Assert.That(await NamesAsync(BrunoAgent, "expires"), Is.EqualTo(new[] { "DEUXIÈME" }));
        Assert.That(await NamesAsync(CamilleAgent, "expires"), Is.EqualTo(new[] { "DEUXIÈME" }));
        await RouteAsync("QUATRIÈME");
        Clock.Advance(TimeSpan.FromDays(50));
        Assert.That(await NamesAsync(CamilleAgent, "expires"), Is.EqualTo(new[] { "QUATRIÈME", "DEUXIÈME" }), "expired: the latest sent first");
    }

    [Test]
    public async Task A_draft_is_seen_by_no_expert_neither_in_the_inbox_nor_on_the_need_page_and_cannot_be_answered()
    {
        var need = await RouteAsync("BROUILLON");
        await using (var connection = Connect())
        {
            await connection.ExecuteAsync("update matching.match set sent_at = null where id = @CamilleMatch", need);
        }

        foreach (var tab in InboxTab.All)
        {
            var inbox = await InboxAsync(CamilleAgent, tab.Slug);
            Assert.That(inbox.Counts, Is.EqualTo(NoNeed), tab.Label);
            Assert.That((inbox.Needs.Count, inbox.Subjects.Count), Is.EqualTo((0, 0)), tab.Label);
        }

        Assert.That((await InboxAsync(BrunoAgent, "reception")).Counts, Is.EqualTo(Counts(reception: 1)), "Bruno's sent match is seen as before");
        Assert.That(await SendAsync(new ShowNeedQuery(need.NeedId, CamilleAgent)), Is.Null, "an expert with only a draft does not see the need");
        var forBruno = await SendAsync(new ShowNeedQuery(need.NeedId, BrunoAgent));
        Assert.That(forBruno!.Matches.Select(m => m.ExpertName), Is.EqualTo(new[] { "Bruno Petit" }), "nor do the other experts see it");
        var forAdmin = await SendAsync(new ShowNeedQuery(need.NeedId, Admin));
        Assert.That(forAdmin!.Matches.Select(m => (m.ExpertName, m.SentAt is null)), Is.EquivalentTo(new[] { ("Bruno Petit", false), ("Camille Martin", true) }),
            "admins see drafts");

        Assert.That((await need.AnswerAsync(need.CamilleMatch, MatchAnswer.Take, CamilleAgent)).Message,
            Is.EqualTo("Cette mise en relation n’existe pas : rechargez la page."));
        Assert.That((await SendAsync(new DeclineMatchesCommand([need.CamilleMatch], "Hors de mon secteur", CamilleAgent))).Succeeded, Is.False);
        await using var check = Connect();
        Assert.That(await check.QuerySingleAsync<string>("select status from matching.match where id = @CamilleMatch", need), Is.EqualTo("quo"));
    }

    [Test]
    public async Task A_need_sent_to_two_of_the_agent_s_experts_counts_once_and_lists_both_matches()
    {
        var need = await RouteAsync("ÉQUIPE");
        await RouteAsync("AUTRE");
        var both = new AgentViewer(Guid.NewGuid(), "Léa Dubois", [new(Camille.ExpertId, "Camille Martin", false), new(Bruno.ExpertId, "Bruno Petit", true)], false);

        var inbox = await InboxAsync(both, "reception");

        Assert.That(inbox.Counts, Is.EqualTo(Counts(reception: 2)), "needs are counted, not matches");
        var first = inbox.Needs[0];
        Assert.That((first.CompanyName, first.ExpertNames, first.MatchExperts), Is.EqualTo(("ÉQUIPE", "Bruno Petit, Camille Martin", new[] { "Bruno Petit", "Camille Martin" })));
        Assert.That(first.MatchIds, Is.EqualTo(new[] { need.BrunoMatch, need.CamilleMatch }));

        await need.AnswerAsync(need.CamilleMatch, MatchAnswer.Take, both);
        var after = await InboxAsync(both, "reception");
        Assert.That(after.Counts, Is.EqualTo(Counts(reception: 2, inProgress: 1)), "a need is in every tab one of the agent's matches is in");
        Assert.That(after.Needs[0].MatchIds, Is.EqualTo(new[] { need.BrunoMatch }));
    }

    [Test]
    public async Task The_search_ignores_accents_and_case_and_wants_every_word()
    {
        await RouteNeedAsync(Need("CRÈCHE HÉLÈNE", siret: "12345678900011", description: "Nous cherchons un financement pour agrandir."));
        await RouteNeedAsync(Need("Creche des Petits Loups", siret: "98765432100022", description: "Recruter deux auxiliaires.", subject: "export"));
        await RouteNeedAsync(Need("BOULANGERIE MARTIN"));

        Assert.That(await SearchAsync("crèche"), Is.EquivalentTo(new[] { "CRÈCHE HÉLÈNE", "Creche des Petits Loups" }));
        Assert.That(await SearchAsync("HELENE  creche"), Is.EqualTo(new[] { "CRÈCHE HÉLÈNE" }), "several words, in any order, all required");
        Assert.That(await SearchAsync("hélène boulangerie"), Is.Empty);
        Assert.That(await SearchAsync("FINANCEMENT"), Is.EqualTo(new[] { "CRÈCHE HÉLÈNE" }), "the description");
        Assert.That(await SearchAsync("export"), Is.EqualTo(new[] { "Creche des Petits Loups" }), "the subject");
        Assert.That(await SearchAsync("987 654 321 00022"), Is.EqualTo(new[] { "Creche des Petits Loups" }), "the SIRET, typed with spaces");
        Assert.That(await SearchAsync("732829320"), Is.EqualTo(new[] { "BOULANGERIE MARTIN" }), "the SIREN");
        Assert.That(await SearchAsync("   "), Has.Length.EqualTo(3), "a blank search finds everything");

        var inbox = await InboxAsync(CamilleAgent, "reception", new InboxFilter(Search: "creche"));
        Assert.That(inbox.Counts, Is.EqualTo(Counts(reception: 2)), "tab counts follow the search");
    }

    [Test]
    public async Task Searching_the_needs_index_finds_what_searching_the_matches_finds()
    {
        await RouteNeedAsync(Need("CRÈCHE HÉLÈNE", siret: "12345678900011", description: "Nous cherchons un financement pour agrandir."));
        await RouteNeedAsync(Need("Creche des Petits Loups", siret: "98765432100022", description: "Recruter deux auxiliaires.", subject: "export"));
        var taken = await RouteNeedAsync(Need("BOULANGERIE MARTIN", description: new string('x', 600) + " Développer la crèche du fournil."));
        await taken.AnswerAsync(taken.CamilleMatch, MatchAnswer.Take, CamilleAgent);
        // Past 0 matches, every search looks its words up in the needs' index, as for the busiest experts.
        var byNeeds = new ShowExpertInboxHandler(
            MatchingTestHost.Host.Services.GetRequiredService<NpgsqlDataSource>(), Clock,
            new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Inbox:SearchNeedsPast"] = "0" }).Build());

        foreach (var text in new[] { "crèche", "HELENE  creche", "hélène boulangerie", "FINANCEMENT", "export", "98765432100022", "732829320", "fournil", "e", "la creche", "un financement" })
        {
            foreach (var tab in new[] { "reception", "en-cours" })
            {
                var query = new ShowExpertInboxQuery(CamilleAgent.ExpertIds, InboxTab.Of(tab), 1, new InboxFilter(Search: text));
                var expected = await SendAsync(query);
                var found = await byNeeds.Handle(query, CancellationToken.None);

                Assert.That(found.Needs.Select(n => n.NeedId), Is.EqualTo(expected.Needs.Select(n => n.NeedId)), $"« {text} » in {tab}");
                Assert.That((found.Counts, found.Subjects), Is.EqualTo((expected.Counts, expected.Subjects)), $"« {text} »: counts and subjects");
            }
        }

        Assert.That((await byNeeds.Handle(new ShowExpertInboxQuery(CamilleAgent.ExpertIds, InboxTab.InProgress, 1, new InboxFilter(Search: "fournil")),
            CancellationToken.None)).Needs.Single().CompanyName, Is.EqualTo("BOULANGERIE MARTIN"), "a word past the match's first 500 characters");
    }

    [Test]
    public async Task A_search_past_the_count_cap_is_not_counted_and_shows_the_tab_in_its_own_order()
    {
        await RouteNeedAsync(Need("EXPORT UN", description: "Nous voulons exporter en Belgique."));
        await RouteNeedAsync(Need("EXPORT DEUX", subject: "export", description: "Exporter nos fromages en Italie."));
        await RouteNeedAsync(Need("EXPORT TROIS", description: "Exporter des meubles."));
        var taken = await RouteNeedAsync(Need("EXPORT EN COURS", description: "Exporter du vin."));
        await taken.AnswerAsync(taken.CamilleMatch, MatchAnswer.Take, CamilleAgent);
        await RouteNeedAsync(Need("RECRUTEMENT", description: "Recruter un apprenti."));
        // Searching the needs, as for the busiest experts, and counting no more than 2 of them.
        var capped = new ShowExpertInboxHandler(
            MatchingTestHost.Host.Services.GetRequiredService<NpgsqlDataSource>(), Clock,
            new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Inbox:SearchNeedsPast"] = "0", ["Inbox:SearchCountCap"] = "2",
            }).Build());

        foreach (var (tab, filter) in new[]
                 {
                     ("reception", new InboxFilter(Search: "exporter")), ("en-cours", new InboxFilter(Search: "EXPORTER")),
                     ("reception", new InboxFilter(Search: "exporter", Subject: "export")),
                 })
        {
            var query = new ShowExpertInboxQuery(CamilleAgent.ExpertIds, InboxTab.Of(tab), 1, filter);
            var counted = await SendAsync(query);
            var found = await capped.Handle(query, CancellationToken.None);

            Assert.That(found.UncountedPast, Is.EqualTo(2), $"{tab} {filter}: 4 needs found, past the cap");
            Assert.That(found.Needs.Select(n => n.NeedId), Is.EqualTo(counted.Needs.Select(n => n.NeedId)), $"{tab} {filter}: the same needs, in the same order");
            Assert.That(found.Counts.Values, Has.All.EqualTo(0), "no count");
            Assert.That(found.Subjects.Select(s => s.Slug), Is.SupersetOf(counted.Subjects.Select(s => s.Slug)), "the subjects to choose from");
            Assert.That((found.Page, found.PageCount, found.HasNext), Is.EqualTo((1, 1, false)));
        }

        var few = await capped.Handle(new ShowExpertInboxQuery(CamilleAgent.ExpertIds, InboxTab.Reception, 1, new InboxFilter(Search: "belgique")), CancellationToken.None);
        Assert.That((few.UncountedPast, few.Counts["reception"], few.Needs.Single().CompanyName), Is.EqualTo(((int?)null, 1, "EXPORT UN")), "under the cap, counted");
    }

    [Test]
    public async Task Uncounted_pages_go_one_after_the_other_up_to_the_cap()
    {
        for (var i = 1; i <= 52; i++)
        {
            Clock.Advance(TimeSpan.FromMinutes(1));
            await RouteNeedAsync(Need($"SCIERIE {i:00}", description: "Exporter nos planches."));
        }

        var capped = new ShowExpertInboxHandler(
            MatchingTestHost.Host.Services.GetRequiredService<NpgsqlDataSource>(), Clock,
            new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Inbox:SearchNeedsPast"] = "0", ["Inbox:SearchCountCap"] = "50",
            }).Build());
        var filter = new InboxFilter(Search: "planches");
        var first = await capped.Handle(new ShowExpertInboxQuery(CamilleAgent.ExpertIds, InboxTab.Reception, 1, filter), CancellationToken.None);
        Assert.That((first.UncountedPast, first.Page, first.PageCount, first.HasPrevious, first.HasNext), Is.EqualTo(((int?)50, 1, 2, false, true)));
        Assert.That(first.Needs.Select(n => n.CompanyName), Is.EqualTo(Enumerable.Range(1, 25).Select(i => $"SCIERIE {i:00}")), "the longest waiting first");

        var next = await capped.Handle(new ShowExpertInboxQuery(CamilleAgent.ExpertIds, InboxTab.Reception, 2, filter, After: first.Needs[^1].Cursor), CancellationToken.None);
        var second = await capped.Handle(new ShowExpertInboxQuery(CamilleAgent.ExpertIds, InboxTab.Reception, 2, filter), CancellationToken.None);
        foreach (var page in new[] { next, second })
        {
            Assert.That(page.Needs.Select(n => n.CompanyName), Is.EqualTo(Enumerable.Range(26, 25).Select(i => $"SCIERIE {i:00}")));
            Assert.That((page.Page, page.PageCount, page.HasPrevious, page.HasNext), Is.EqualTo((2, 2, true, false)), "the cap's last page");
        }

        var back = await capped.Handle(new ShowExpertInboxQuery(CamilleAgent.ExpertIds, InboxTab.Reception, 1, filter, Before: next.Needs[0].Cursor), CancellationToken.None);
        Assert.That(back.Needs.Select(n => n.NeedId), Is.EqualTo(first.Needs.Select(n => n.NeedId)));
        Assert.That((back.Page, back.HasPrevious, back.HasNext), Is.EqualTo((1, false, true)));
    }

    [Test]
    public async Task The_subject_filter_lists_the_tab_s_subjects_with_their_counts()
    {
        await RouteNeedAsync(Need("EXPORT UN", subject: "export"));
        await RouteNeedAsync(Need("EXPORT DEUX", subject: "export"));
        await RouteNeedAsync(Need("RECRUTEMENT"));
        var taken = await RouteNeedAsync(Need("EXPORT EN COURS", subject: "export"));
        await taken.AnswerAsync(taken.CamilleMatch, MatchAnswer.Take, CamilleAgent);

        var all = await InboxAsync(CamilleAgent, "reception");
        Assert.That(all.Subjects, Is.EquivalentTo(new[] { new InboxSubject("export", 2), new InboxSubject("autre-demande", 1) }));

        var export = await InboxAsync(CamilleAgent, "reception", new InboxFilter(Subject: "export"));
        Assert.That(export.Needs.Select(n => n.CompanyName), Is.EqualTo(new[] { "EXPORT UN", "EXPORT DEUX" }));
        Assert.That(export.Counts, Is.EqualTo(Counts(reception: 2, inProgress: 1)));
        Assert.That(export.Subjects, Is.EquivalentTo(all.Subjects), "the subjects do not narrow to the chosen one");

        var searched = await InboxAsync(CamilleAgent, "reception", new InboxFilter(Search: "recrutement"));
        Assert.That(searched.Subjects, Is.EqualTo(new[] { new InboxSubject("autre-demande", 1) }), "the subjects follow the search");
    }

    [Test]
    public async Task The_dates_filter_on_the_day_the_need_was_received_in_Paris()
    {
        Clock.Set(Monday);
        await RouteAsync("LUNDI MATIN");
        Clock.Set(new DateTimeOffset(2026, 3, 2, 23, 30, 0, TimeSpan.Zero));
        await RouteAsync("MARDI 0H30 À PARIS");
        Clock.Set(new DateTimeOffset(2026, 3, 4, 10, 0, 0, TimeSpan.Zero));
        await RouteAsync("MERCREDI");
        Clock.Set(new DateTimeOffset(2026, 3, 5, 10, 0, 0, TimeSpan.Zero));

        Assert.That(await NamesAsync(CamilleAgent, "reception", new InboxFilter(From: new DateOnly(2026, 3, 3), To: new DateOnly(2026, 3, 3))),
            Is.EqualTo(new[] { "MARDI 0H30 À PARIS" }));
        Assert.That(await NamesAsync(CamilleAgent, "reception", new InboxFilter(From: new DateOnly(2026, 3, 3))), Is.EqualTo(new[] { "MARDI 0H30 À PARIS", "MERCREDI" }));
        Assert.That(await NamesAsync(CamilleAgent, "reception", new InboxFilter(To: new DateOnly(2026, 3, 2))), Is.EqualTo(new[] { "LUNDI MATIN" }));
        Assert.That((await InboxAsync(CamilleAgent, "reception", new InboxFilter(From: new DateOnly(2026, 3, 4)))).Counts, Is.EqualTo(Counts(reception: 1)));
    }

    [Test]
    public async Task Twenty_six_needs_make_two_pages_of_25()
    {
        Clock.Set(Monday);
        for (var i = 1; i <= 26; i++)
        {
            Clock.Advance(TimeSpan.FromMinutes(1));
            await RouteAsync($"ENTREPRISE {i:00}");
        }

        var first = await InboxAsync(CamilleAgent, "reception");
        var second = await InboxAsync(CamilleAgent, "reception", page: 2);
        var beyond = await InboxAsync(CamilleAgent, "reception", page: 9);

        Assert.That((first.Counts["reception"], first.PageCount, first.Page, first.Needs.Count), Is.EqualTo((26, 2, 1, 25)));
        Assert.That(first.Needs[0].CompanyName, Is.EqualTo("ENTREPRISE 01"));
        Assert.That((second.Page, second.Needs.Select(n => n.CompanyName).Single()), Is.EqualTo((2, "ENTREPRISE 26")));
        Assert.That((beyond.Page, beyond.Needs.Count), Is.EqualTo((2, 1)), "a page beyond the last shows the last");
        var filtered = await InboxAsync(CamilleAgent, "reception", new InboxFilter(Search: "entreprise"), page: 2);
        Assert.That((filtered.PageCount, filtered.Page, filtered.Needs.Count), Is.EqualTo((2, 2, 1)), "a search pages the same way");
    }

    [Test]
    public async Task Next_and_previous_pages_neither_repeat_nor_skip_a_need_when_needs_come_and_go_between_two_pages()
    {
        Clock.Set(Monday);
        var needs = new List<MatchingScenario>();
        for (var i = 1; i <= 55; i++)
        {
            Clock.Advance(TimeSpan.FromMinutes(1));
            needs.Add(await RouteAsync($"ENTREPRISE {i:00}"));
        }

        var first = await InboxAsync(CamilleAgent, "reception");
        Assert.That((first.Page, first.HasPrevious, first.HasNext, first.Needs[^1].CompanyName), Is.EqualTo((1, false, true, "ENTREPRISE 25")));

        // Between two pages, three needs of the first page are refused (they leave the reception) and two new ones arrive.
        foreach (var refused in needs.Take(3))
        {
            await refused.AnswerAsync(refused.CamilleMatch, MatchAnswer.Decline, CamilleAgent);
        }

        Clock.Advance(TimeSpan.FromMinutes(1));
        await RouteAsync("NOUVELLE 1");
        await RouteAsync("NOUVELLE 2");

        var second = await InboxAsync(CamilleAgent, "reception", page: 2, after: first.Needs[^1].Cursor);
        Assert.That(second.Needs.Select(n => n.CompanyName), Is.EqualTo(Enumerable.Range(26, 25).Select(i => $"ENTREPRISE {i:00}")),
            "the page after the 25th starts at the 26th, where a page by its number would have skipped three");
        Assert.That((second.Page, second.HasPrevious, second.HasNext), Is.EqualTo((2, true, true)));
        var third = await InboxAsync(CamilleAgent, "reception", page: 3, after: second.Needs[^1].Cursor);
        Assert.That(third.Needs.Select(n => n.CompanyName), Is.EqualTo(new[] { "ENTREPRISE 51", "ENTREPRISE 52", "ENTREPRISE 53", "ENTREPRISE 54",
            "ENTREPRISE 55", "NOUVELLE 1", "NOUVELLE 2" }));
        Assert.That((third.Page, third.PageCount, third.HasNext), Is.EqualTo((3, 3, false)));

        var backToSecond = await InboxAsync(CamilleAgent, "reception", page: 2, before: third.Needs[0].Cursor);
        Assert.That(backToSecond.Needs.Select(n => n.CompanyName), Is.EqualTo(second.Needs.Select(n => n.CompanyName)), "« Page précédente » gives the same page back");
        var backToFirst = await InboxAsync(CamilleAgent, "reception", page: 1, before: second.Needs[0].Cursor);
        Assert.That((backToFirst.Page, backToFirst.HasPrevious, backToFirst.Needs.Count, backToFirst.Needs[0].CompanyName),
            Is.EqualTo((1, false, 25, "ENTREPRISE 04")), "fewer than a page before: the first page, whole");
    }

    [Test]
    public async Task In_the_closed_tab_needs_closed_between_two_pages_do_not_push_a_need_onto_the_next_page_again()
    {
        Clock.Set(Monday);
        var needs = new List<MatchingScenario>();
        for (var i = 1; i <= 30; i++)
        {
            Clock.Advance(TimeSpan.FromMinutes(1));
            needs.Add(await RouteAsync($"ENTREPRISE {i:00}"));
        }

        foreach (var need in needs.Take(27))
        {
            Clock.Advance(TimeSpan.FromMinutes(1));
            await need.AnswerAsync(need.CamilleMatch, MatchAnswer.Take, CamilleAgent);
            await need.AnswerAsync(need.CamilleMatch, MatchAnswer.CloseWithHelp, CamilleAgent);
        }

        var first = await InboxAsync(CamilleAgent, "clotures");
        Assert.That((first.Needs[0].CompanyName, first.Needs[^1].CompanyName), Is.EqualTo(("ENTREPRISE 27", "ENTREPRISE 03")), "the latest closed first");

        // Three more are closed: they come first, and a page by its number would show three needs of the first page again.
        foreach (var need in needs.Skip(27))
        {
            Clock.Advance(TimeSpan.FromMinutes(1));
            await need.AnswerAsync(need.CamilleMatch, MatchAnswer.Take, CamilleAgent);
            await need.AnswerAsync(need.CamilleMatch, MatchAnswer.CloseWithHelp, CamilleAgent);
        }

        var second = await InboxAsync(CamilleAgent, "clotures", page: 2, after: first.Needs[^1].Cursor);
        Assert.That(second.Needs.Select(n => n.CompanyName), Is.EqualTo(new[] { "ENTREPRISE 02", "ENTREPRISE 01" }));
        Assert.That((second.Page, second.PageCount, second.HasNext, second.Counts["clotures"]), Is.EqualTo((2, 2, false, 30)));
    }

    [Test]
    public async Task An_agent_answering_for_two_experts_pages_their_needs_by_cursor_each_need_once()
    {
        Clock.Set(Monday);
        for (var i = 1; i <= 30; i++)
        {
            Clock.Advance(TimeSpan.FromMinutes(1));
            await RouteAsync($"ENTREPRISE {i:00}");
        }

        var both = new AgentViewer(Guid.NewGuid(), "Léa Dubois", [new(Camille.ExpertId, "Camille Martin", false), new(Bruno.ExpertId, "Bruno Petit", true)], false);
        var first = await InboxAsync(both, "reception");
        Clock.Advance(TimeSpan.FromMinutes(1));
        await RouteAsync("NOUVELLE");
        var second = await InboxAsync(both, "reception", page: 2, after: first.Needs[^1].Cursor);

        Assert.That(first.Needs.Concat(second.Needs).Select(n => n.CompanyName),
            Is.EqualTo(Enumerable.Range(1, 30).Select(i => $"ENTREPRISE {i:00}").Append("NOUVELLE")), "each need once, both matches on it");
        Assert.That(second.Needs.Select(n => n.MatchIds.Length), Has.All.EqualTo(2));
        var back = await InboxAsync(both, "reception", page: 1, before: second.Needs[0].Cursor);
        Assert.That(back.Needs.Select(n => n.NeedId), Is.EqualTo(first.Needs.Select(n => n.NeedId)));
    }

    [Test]
    public async Task Kept_counts_equal_a_count_of_the_matches_as_needs_are_sent_answered_undone_expired_and_deleted()
    {
        Clock.Set(Monday);
        var needs = new List<MatchingScenario>();
        for (var i = 1; i <= 8; i++)
        {
            Clock.Advance(TimeSpan.FromDays(1));
            needs.Add(await RouteNeedAsync(Need($"ENTREPRISE {i}", subject: i % 2 == 0 ? "export" : null)));
        }

        await needs[0].AnswerAsync(needs[0].CamilleMatch, MatchAnswer.Take, CamilleAgent);
        foreach (var (need, closing) in new[] { (needs[1], MatchAnswer.CloseWithHelp), (needs[2], MatchAnswer.CloseWithoutHelp), (needs[3], MatchAnswer.CloseUnreachable) })
        {
            await need.AnswerAsync(need.CamilleMatch, MatchAnswer.Take, CamilleAgent);
            await need.AnswerAsync(need.CamilleMatch, closing, CamilleAgent);
        }

        await needs[3].AnswerAsync(needs[3].CamilleMatch, MatchAnswer.Undo, CamilleAgent);
        await needs[4].AnswerAsync(needs[4].CamilleMatch, MatchAnswer.Decline, CamilleAgent);
        await needs[5].AnswerAsync(needs[5].CamilleMatch, MatchAnswer.Decline, CamilleAgent);
        await needs[5].AnswerAsync(needs[5].CamilleMatch, MatchAnswer.Undo, CamilleAgent);
        await needs[6].AnswerAsync(needs[6].BrunoMatch, MatchAnswer.Decline, BrunoAgent);
        await using (var connection = Connect())
        {
            await connection.ExecuteAsync("delete from matching.match where id = @Id", new { Id = needs[7].BrunoMatch });
        }

        Clock.Advance(TimeSpan.FromDays(43.5));
        await RouteAsync("TOUTE NOUVELLE");

        await using (var connection = Connect())
        {
            var keptRows = await connection.QueryAsync<(Guid, string, string, long)>(
                "select expert_id, status, subject_slug, count from matching.expert_match_count where count <> 0 order by 1, 2, 3");
            var matchRows = await connection.QueryAsync<(Guid, string, string, long)>("""
                select expert_id, status, subject_slug, count(*) from matching.match where sent_at is not null group by 1, 2, 3 order by 1, 2, 3
                """);
            Assert.That(keptRows, Is.EqualTo(matchRows), "the kept counts are the matches' counts, row for row");
        }

        foreach (var agent in new[] { CamilleAgent, BrunoAgent })
        {
            var kept = await InboxAsync(agent, "reception");
            // Dates that exclude nothing: the same view, counted over the matches.
            var counted = await InboxAsync(agent, "reception", new InboxFilter(From: new DateOnly(2000, 1, 1)));
            Assert.That(kept.Counts, Is.EqualTo(counted.Counts), agent.Name);
            Assert.That(kept.Subjects.OrderBy(s => s.Slug), Is.EqualTo(counted.Subjects.OrderBy(s => s.Slug)), agent.Name);
            var keptExpired = await InboxAsync(agent, "expires", new InboxFilter(Subject: "export"));
            var countedExpired = await InboxAsync(agent, "expires", new InboxFilter(Subject: "export", From: new DateOnly(2000, 1, 1)));
            Assert.That((keptExpired.Counts, keptExpired.Subjects), Is.EqualTo((countedExpired.Counts, countedExpired.Subjects)), agent.Name);
        }

        Assert.That((await InboxAsync(CamilleAgent, "reception")).Counts, Is.EqualTo(Counts(reception: 3, inProgress: 2, closed: 2, declined: 1, expired: 1)),
            "by hand: 7, 8 and the new need waiting; 1 and 4 (closure undone) in progress; 2 and 3 closed; 5 refused; 6 (refusal undone) sent 45.5 days ago");
    }

    [Test]
    public void A_cursor_reads_back_what_it_wrote_and_nothing_else()
    {
        var cursor = new InboxCursor(new DateTime(2026, 3, 2, 9, 0, 0, 123, DateTimeKind.Utc).AddTicks(4567), Guid.CreateVersion7());
        Assert.That(InboxCursor.Parse(cursor.ToString()), Is.EqualTo(cursor));
        Assert.That(new[] { null, "", "abc", "1.2", $"-5.{Guid.Empty:N}", $"99999999999999999999.{Guid.Empty:N}", $"5.{Guid.Empty}" }.Select(InboxCursor.Parse),
            Has.All.Null);
    }

    private static NeedSpec Need(string company, string? subject = null, string? siret = null, string? description = null) =>
        new(company, subject, siret, description);

    private static Task<MatchingScenario> RouteNeedAsync(NeedSpec need)
    {
        var validated = Validated(need.Company);
        return MatchingScenario.RouteAsync(validated with
        {
            SubjectSlug = need.Subject ?? validated.SubjectSlug,
            Siret = need.Siret ?? validated.Siret,
            Description = need.Description ?? validated.Description,
        });
    }

    private static Dictionary<string, int> Counts(int reception = 0, int inProgress = 0, int closed = 0, int declined = 0, int expired = 0) => new()
    {
        ["reception"] = reception, ["en-cours"] = inProgress, ["clotures"] = closed, ["refuses"] = declined, ["expires"] = expired,
    };

    private static async Task<string?[]> SearchAsync(string search) =>
        await NamesAsync(CamilleAgent, "reception", new InboxFilter(Search: search));

    private static async Task<string?[]> NamesAsync(AgentViewer viewer, string tab, InboxFilter? filter = null) =>
        (await InboxAsync(viewer, tab, filter)).Needs.Select(n => n.CompanyName).ToArray();

    private static Task<ExpertInbox> InboxAsync(
        AgentViewer viewer, string tab, InboxFilter? filter = null, int page = 1, InboxCursor? after = null, InboxCursor? before = null) =>
        SendAsync(new ShowExpertInboxQuery(viewer.ExpertIds, InboxTab.Of(tab), page, filter, after, before));

    private sealed record NeedSpec(string Company, string? Subject, string? Siret, string? Description);
}
