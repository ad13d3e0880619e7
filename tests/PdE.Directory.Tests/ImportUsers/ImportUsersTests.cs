using System.Text;
using System.Text.Json;
using Dapper;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PdE.Directory.Features.Annuaire;
using PdE.Directory.Features.Annuaire.ExportUsers;
using PdE.Directory.Features.Annuaire.ImportUsers;

namespace PdE.Directory.Tests.ImportUsers;

/// <summary>
/// Users CSV against the demo directory. The CCI has one account (Camille Martin, CCI Paris Île-de-France, whose personal
/// expert holds the CCI's five subjects), two experts without an account (Sophie Bernard in Lyon, Thomas Nguyen in Paris)
/// and two antennes; the demo admin belongs to another institution.
/// </summary>
public sealed class ImportUsersTests
{
    private const string Cci = "Chambre de commerce et d’industrie (CCI)";
    private const string Paris = "CCI Paris Île-de-France";
    private const string Lyon = "CCI Lyon Métropole Saint-Étienne Roanne";
    private const string Export = "Vendre à l’international";
    private const string PublicMarkets = "Répondre aux marchés publics";
    private const string Digital = "Développer mon activité grâce au numérique";
    private const string TakeOver = "Reprendre une entreprise";
    private const string Transfer = "Transmettre mon entreprise";
    private const string Header = $"Antenne;Prénom et nom;Email;Téléphone;Fonction;{Export};{Digital}\n";

    [SetUp]
    public Task ResetAsync() => DirectoryTestHost.Host.ResetAsync();

    [Test]
    public async Task Exports_one_row_per_user_with_one_column_per_institution_subject_in_utf8_with_bom()
    {
        var bytes = (await SendAsync(new ExportUsersQuery("cci")))!;

        Assert.That(bytes[..3], Is.EqualTo(Encoding.UTF8.Preamble.ToArray()));
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n");
        Assert.That(lines[0], Is.EqualTo(
            $"Institution;Antenne;Prénom et nom;Email;Téléphone;Fonction;Compte;Email de l’équipe;Nom de l’équipe;Téléphone de l’équipe;{Export};{PublicMarkets};{Digital};{TakeOver};{Transfer}"));
        Assert.That(lines[1], Is.EqualTo($"{Cci};{Paris};Camille Martin;camille.martin@cci-paris-idf.example.fr;;Conseillère entreprises;oui;;;;x;x;x;x;x"));
        // The two experts without an account, by antenne then name: the export holds the whole directory of the CCI.
        Assert.That(lines[2..], Is.EqualTo(new[]
        {
            $"{Cci};{Lyon};Sophie Bernard;sophie.bernard@lyon-metropole.cci.example.fr;;Conseillère création-reprise;non;;;;;;x;x;x",
            $"{Cci};{Paris};Thomas Nguyen;thomas.nguyen@cci-paris-idf.example.fr;;Conseiller développement international;non;;;;x;;;;",
            "",
        }));
        Assert.That(await SendAsync(new ExportUsersQuery("inconnue")), Is.Null);
    }

    [Test]
    public async Task Exporting_then_importing_the_demo_file_changes_nothing()
    {
        var before = await SnapshotAsync();
        var bytes = (await SendAsync(new ExportUsersQuery("cci")))!;

        var preview = (await SendAsync(new PreviewUsersImportQuery("cci", bytes)))!;
        var applied = (await SendAsync(new ApplyUsersImportCommand("cci", bytes)))!;

        Assert.That(preview.Errors, Is.Empty);
        Assert.That(preview.ChangesNothing, Is.True);
        Assert.That(applied.CanApply, Is.True);
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
        Assert.That(await AuditCountAsync(), Is.Zero);
    }

    [Test]
    public async Task A_richer_directory_exported_then_imported_changes_nothing_and_writes_no_audit_entry()
    {
        await ApplyAsync($"Antenne;Prénom et nom;Email;Téléphone;Fonction;Email de l’équipe;Nom de l’équipe;Téléphone de l’équipe;{Export};{TakeOver};{Transfer}\n"
            + $"{Lyon};Léa Roux;lea.roux@cci.example.fr;04 72 00 00 01;Conseillère export;;;;Export hors UE;;\n"
            + $"{Lyon};Léa Roux;lea.roux@cci.example.fr;04 72 00 00 01;Conseillère export;transmission@cci.example.fr;Pôle transmission;04 72 00 00 09;;x;\"PME; plus de 10 salariés\"\n"
            + $"{Paris};Camille Martin;camille.martin@cci-paris-idf.example.fr;;Conseillère entreprises;transmission@cci.example.fr;;;;x;\"PME; plus de 10 salariés\"\n");
        var before = await SnapshotAsync();
        var audit = await AuditCountAsync();
        var bytes = (await SendAsync(new ExportUsersQuery("cci")))!;

        var preview = (await SendAsync(new PreviewUsersImportQuery("cci", bytes)))!;
        await SendAsync(new ApplyUsersImportCommand("cci", bytes));

        Assert.That(preview.Errors, Is.Empty);
        Assert.That(preview.Users.Select(u => u.Change), Has.All.EqualTo(UserChange.Unchanged));
        Assert.That(preview.Teams.Select(t => t.Change), Has.All.EqualTo(UserChange.Unchanged));
        Assert.That(preview.ChangesNothing, Is.True);
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
        Assert.That(await AuditCountAsync(), Is.EqualTo(audit));
        var exported = Encoding.UTF8.GetString(bytes[3..]);
        Assert.That(exported, Does.Contain($"{Lyon};Léa Roux;lea.roux@cci.example.fr;04 72 00 00 01;Conseillère export;oui;transmission@cci.example.fr;Pôle transmission;04 72 00 00 09;;;;x;\"PME; plus de 10 salariés\""));
        Assert.That(exported, Does.Contain($"{Lyon};Léa Roux;lea.roux@cci.example.fr;04 72 00 00 01;Conseillère export;oui;;;;Export hors UE;;;;"));
    }

    [Test]
    public async Task Exports_names_and_functions_a_spreadsheet_would_run_as_formulas_as_text_and_reads_them_back_unchanged()
    {
        await ApplyAsync("Antenne;Prénom et nom;Email;Téléphone;Fonction;Email de l’équipe;Nom de l’équipe\n"
            + $"{Paris};@SUM(A1);sum@cci.example.fr;;+cmd|' /C calc'!A0;equipe@cci.example.fr;\"=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\"\n"
            + $"{Lyon};-2+3;moins@cci.example.fr;;-Chargée d’affaires;;\n");
        var before = await SnapshotAsync();

        var bytes = (await SendAsync(new ExportUsersQuery("cci")))!;
        var preview = (await SendAsync(new PreviewUsersImportQuery("cci", bytes)))!;
        await SendAsync(new ApplyUsersImportCommand("cci", bytes));

        var exported = Encoding.UTF8.GetString(bytes[3..]);
        Assert.That(exported, Does.Contain($"{Cci};{Paris};'@SUM(A1);sum@cci.example.fr;;'+cmd|' /C calc'!A0;oui;equipe@cci.example.fr;\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\";"));
        Assert.That(exported, Does.Contain($"{Cci};{Lyon};'-2+3;moins@cci.example.fr;;'-Chargée d’affaires;oui;;;;"));
        Assert.That(preview.Errors, Is.Empty);
        Assert.That(preview.ChangesNothing, Is.True);
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
        Assert.That(await AccountAsync("sum@cci.example.fr"), Does.StartWith("@SUM(A1)|"));
        Assert.That(await AccountAsync("moins@cci.example.fr"), Does.StartWith("-2+3|"));
    }

    [Test]
    public async Task A_new_user_is_created_without_password_with_a_personal_expert_holding_the_subject_matrix()
    {
        var csv = "Institution;Antenne;Prénom et nom;Email;Téléphone;Fonction;" + $"{Export};{Digital};{TakeOver};{Transfer}\n"
            + $"cci;cci lyon métropole saint-etienne roanne;Paul Durand;Paul.Durand@CCI.example.fr;+33 6 12 34 56 78;Conseiller;x;OUI;Entreprises de plus de 50 salariés;\n";

        var preview = (await SendAsync(new PreviewUsersImportQuery("cci", Encoding.UTF8.GetBytes(csv))))!;
        Assert.That(await AccountAsync("paul.durand@cci.example.fr"), Is.Null, "a dry run writes nothing");
        var applied = (await ApplyAsync(csv))!;

        Assert.That(preview.Users.Single(), Is.EqualTo(new PlannedChange(2, "Paul Durand", "paul.durand@cci.example.fr", Lyon, UserChange.Created, "3 sujets")));
        Assert.That(await AccountAsync("paul.durand@cci.example.fr"), Is.EqualTo($"Paul Durand|{Lyon}|sans mot de passe"));
        Assert.That(await ExpertsOfAsync("paul.durand@cci.example.fr"), Is.EqualTo(new[]
        {
            $"personal|Paul Durand|paul.durand@cci.example.fr|0612345678|Conseiller|{Lyon}|{Digital}=;{Export}=;{TakeOver}=Entreprises de plus de 50 salariés",
        }.Select(Sorted)));
        Assert.That(applied.Uninvited.Select(u => u.Email), Is.EqualTo(new[] { "paul.durand@cci.example.fr" }));
        var entry = (await AuditOfAsync("paul.durand@cci.example.fr"))!;
        Assert.That(entry.Action, Is.EqualTo("Création par import CSV"));
        Assert.That(entry.Before, Is.Null);
        Assert.That(entry.After!["Téléphone"], Is.EqualTo("0612345678"));
        Assert.That(entry.After["Sujets"], Does.Contain("Entreprises de plus de 50 salariés"));
    }

    [Test]
    public async Task An_existing_user_is_updated_subjects_set_with_criteria_or_removed_when_empty_and_audited_before_after()
    {
        var csv = "Antenne;Prénom et nom;Email;Téléphone;Fonction;" + $"{Export};{PublicMarkets};{Digital};{TakeOver}\n"
            + $"{Paris};Camille Martin;CAMILLE.MARTIN@cci-paris-idf.example.fr;01 23 45 67 89;Conseillère entreprises;x;;Commerce de détail;oui\n";

        var preview = (await SendAsync(new PreviewUsersImportQuery("cci", Encoding.UTF8.GetBytes(csv))))!;
        await ApplyAsync(csv);

        Assert.That(preview.Users.Single().Change, Is.EqualTo(UserChange.Updated));
        Assert.That(preview.Users.Single().Details, Is.EqualTo("téléphone, 2 sujets"));
        Assert.That(await ExpertsOfAsync("camille.martin@cci-paris-idf.example.fr"), Is.EqualTo(new[]
        {
            // Marchés publics removed (empty cell), numérique now with criteria, Transmettre untouched (no column).
            $"personal|Camille Martin|camille.martin@cci-paris-idf.example.fr|0123456789|Conseillère entreprises|{Paris}|{Digital}=Commerce de détail;{TakeOver}=;{Transfer}=;{Export}=",
        }.Select(Sorted)));
        var entry = (await AuditOfAsync("camille.martin@cci-paris-idf.example.fr"))!;
        Assert.That(entry.Action, Is.EqualTo("Modification par import CSV"));
        Assert.That((entry.Before!["Téléphone"], entry.After!["Téléphone"]), Is.EqualTo(("", "0123456789")));
        Assert.That(entry.Before["Sujets"], Does.Contain(PublicMarkets));
        Assert.That(entry.After["Sujets"], Does.Not.Contain(PublicMarkets).And.Contain($"{Digital} (Commerce de détail)"));
    }

    [Test]
    public async Task A_user_can_move_to_another_antenne_of_the_institution()
    {
        await ApplyAsync("Antenne;Prénom et nom;Email;Téléphone;Fonction\n"
            + $"{Lyon};Camille Martin-Leroy;camille.martin@cci-paris-idf.example.fr;;Conseillère entreprises\n");

        Assert.That(await AccountAsync("camille.martin@cci-paris-idf.example.fr"), Is.EqualTo($"Camille Martin-Leroy|{Lyon}|avec mot de passe"));
        Assert.That((await ExpertsOfAsync("camille.martin@cci-paris-idf.example.fr")).Single(), Does.StartWith($"personal|Camille Martin-Leroy|camille.martin@cci-paris-idf.example.fr||Conseillère entreprises|{Lyon}|"));
    }

    [Test]
    public async Task Team_columns_find_or_create_the_team_in_the_user_antenne_add_the_members_and_give_it_the_subjects()
    {
        const string header = $"Antenne;Prénom et nom;Email;Téléphone;Fonction;Email de l'équipe;Nom de l'équipe;Téléphone de l'équipe;{Export}\n";
        var csv = header
            + $"{Lyon};Léa Roux;lea.roux@cci.example.fr;;;Export@CCI.example.fr;Pôle export;0472000009;Zone euro\n"
            + $"{Lyon};Marc Blanc;marc.blanc@cci.example.fr;;;export@cci.example.fr;;;x\n";

        var preview = (await SendAsync(new PreviewUsersImportQuery("cci", Encoding.UTF8.GetBytes(csv))))!;
        await ApplyAsync(csv);

        Assert.That(preview.Teams.Single(), Is.EqualTo(new PlannedChange(2, "Pôle export", "export@cci.example.fr", Lyon, UserChange.Created, "1 sujet")));
        var team = $"team|Pôle export|export@cci.example.fr|0472000009||{Lyon}|{Export}=Zone euro";
        Assert.That(await ExpertsOfAsync("lea.roux@cci.example.fr"), Is.EqualTo(new[] { team }), "no personal expert: no phone, job or subject of her own");
        Assert.That(await ExpertsOfAsync("marc.blanc@cci.example.fr"), Is.EqualTo(new[] { team }));

        // Again with a new team name: the same team (found by e-mail), renamed; Camille joins it from Paris.
        var again = header + $"{Paris};Camille Martin;camille.martin@cci-paris-idf.example.fr;;Conseillère entreprises;export@cci.example.fr;Pôle international;;Zone euro\n";
        var second = (await SendAsync(new PreviewUsersImportQuery("cci", Encoding.UTF8.GetBytes(again))))!;
        await ApplyAsync(again);

        Assert.That(second.Teams.Single().Change, Is.EqualTo(UserChange.Updated));
        Assert.That(second.Users.Single().Details, Is.EqualTo("rejoint l’équipe « Pôle international »"));
        Assert.That(await ExpertsOfAsync("camille.martin@cci-paris-idf.example.fr"), Has.Member($"team|Pôle international|export@cci.example.fr|0472000009||{Lyon}|{Export}=Zone euro"));
        Assert.That(await ScalarAsync("select count(*) from directory.expert where lower(email) = 'export@cci.example.fr'"), Is.EqualTo(1));
    }

    [Test]
    public async Task Experts_without_an_account_and_teams_without_members_are_imported_without_account_and_exported_back_unchanged()
    {
        const string header = $"Antenne;Prénom et nom;Email;Téléphone;Fonction;Compte;Email de l’équipe;Nom de l’équipe;Téléphone de l’équipe;{Export};{TakeOver}\n";
        var applied = (await ApplyAsync(header
            + $"{Lyon};Jean Petit;Jean.Petit@cci.example.fr;04 72 00 00 02;Conseiller international;NON;;;;Zone euro;\n"
            + $"{Paris};;;;;non;accueil@cci.example.fr;Accueil entreprises;01 44 00 00 00;;x\n"))!;

        Assert.That(applied.Errors, Is.Empty);
        Assert.That(applied.Accountless.Select(e => (e.Line, e.Name, e.Email, e.Change)), Is.EqualTo(new[] { (2, "Jean Petit", "jean.petit@cci.example.fr", UserChange.Created) }));
        Assert.That(applied.Teams.Select(t => (t.Line, t.Name, t.Change)), Is.EqualTo(new[] { (3, "Accueil entreprises", UserChange.Created) }));
        Assert.That(applied.Users, Is.Empty);
        Assert.That(applied.Uninvited, Is.Empty);
        Assert.That(UsersImportText.Summary(applied), Does.EndWith("1 expert sans compte créé, 0 mis à jour"));
        Assert.That(await AccountAsync("jean.petit@cci.example.fr"), Is.Null);
        Assert.That(await ExpertsByEmailAsync("jean.petit@cci.example.fr"),
            Is.EqualTo(new[] { $"personal|Jean Petit|jean.petit@cci.example.fr|0472000002|Conseiller international|{Lyon}|{Export}=Zone euro|0 compte" }));
        Assert.That(await ExpertsByEmailAsync("accueil@cci.example.fr"),
            Is.EqualTo(new[] { $"team|Accueil entreprises|accueil@cci.example.fr|0144000000||{Paris}|{TakeOver}=|0 compte" }));
        Assert.That(await ScalarAsync("""
            select count(*) from directory.audit_entry ae join directory.expert e on e.id = ae.entity_id
            where ae.entity_type = 'expert' and ae.action = 'Création par import CSV' and e.email in ('jean.petit@cci.example.fr', 'accueil@cci.example.fr')
            """), Is.EqualTo(2));

        var before = await SnapshotAsync();
        var audit = await AuditCountAsync();
        var bytes = (await SendAsync(new ExportUsersQuery("cci")))!;
        var exported = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n");
        Assert.That(exported[1..^1], Is.EqualTo(new[]
        {
            $"{Cci};{Paris};Camille Martin;camille.martin@cci-paris-idf.example.fr;;Conseillère entreprises;oui;;;;x;x;x;x;x",
            $"{Cci};{Lyon};Jean Petit;jean.petit@cci.example.fr;04 72 00 00 02;Conseiller international;non;;;;Zone euro;;;;",
            $"{Cci};{Lyon};Sophie Bernard;sophie.bernard@lyon-metropole.cci.example.fr;;Conseillère création-reprise;non;;;;;;x;x;x",
            $"{Cci};{Paris};Thomas Nguyen;thomas.nguyen@cci-paris-idf.example.fr;;Conseiller développement international;non;;;;x;;;;",
            $"{Cci};{Paris};;;;;non;accueil@cci.example.fr;Accueil entreprises;01 44 00 00 00;;;;x;",
        }));

        var preview = (await SendAsync(new PreviewUsersImportQuery("cci", bytes)))!;
        await SendAsync(new ApplyUsersImportCommand("cci", bytes));

        Assert.That(preview.Errors, Is.Empty);
        Assert.That(preview.ChangesNothing, Is.True);
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
        Assert.That(await AuditCountAsync(), Is.EqualTo(audit));
    }

    [Test]
    public async Task An_expert_without_an_account_who_gets_one_keeps_the_expert_and_its_subjects()
    {
        const string header = $"Antenne;Prénom et nom;Email;Téléphone;Fonction;Compte;{Export}\n";
        await ApplyAsync(header + $"{Lyon};Jean Petit;jean.petit@cci.example.fr;;Conseiller international;non;x\n");
        var expertCount = await ScalarAsync("select count(*) from directory.expert");

        var applied = (await ApplyAsync(header + $"{Lyon};Jean Petit;jean.petit@cci.example.fr;;Conseiller international;oui;x\n"))!;

        Assert.That(applied.Users.Select(u => (u.Email, u.Change)), Is.EqualTo(new[] { ("jean.petit@cci.example.fr", UserChange.Created) }));
        Assert.That(applied.Uninvited.Select(u => u.Email), Is.EqualTo(new[] { "jean.petit@cci.example.fr" }));
        Assert.That(await ScalarAsync("select count(*) from directory.expert"), Is.EqualTo(expertCount));
        Assert.That(await ExpertsOfAsync("jean.petit@cci.example.fr"), Is.EqualTo(new[] { $"personal|Jean Petit|jean.petit@cci.example.fr||Conseiller international|{Lyon}|{Export}=" }));
        Assert.That(await ExpertsByEmailAsync("jean.petit@cci.example.fr"), Is.EqualTo(new[] { $"personal|Jean Petit|jean.petit@cci.example.fr||Conseiller international|{Lyon}|{Export}=|1 compte" }));
    }

    [Test]
    public async Task The_subject_column_adds_one_subject_and_headers_resolve_by_theme_subject_or_description_ignoring_case_and_accents()
    {
        var csv = "Antenne;Prénom et nom;Email;Téléphone;Fonction;Sujet;numerique;Création et reprise:REPRENDRE UNE ENTREPRISE:\n"
            + $"{Paris};Paul Durand;paul@cci.example.fr;;;{Transfer};x;x\n";

        var applied = (await ApplyAsync(csv))!;

        Assert.That(applied.Errors, Is.Empty);
        Assert.That((await ExpertsOfAsync("paul@cci.example.fr")).Single(), Does.EndWith($"|{Digital}=;{TakeOver}=;{Transfer}="));
    }

    private static readonly TestCaseData[] Errors =
    [
        new TestCaseData($"Antenne;Prénom et nom;Email;Téléphone\n{Paris};Paul;paul@cci.example.fr;\n",
            new ImportIssue(1, "Fonction", "La colonne obligatoire « Fonction » manque.")).SetName("Missing required column"),
        new TestCaseData($"Antenne;Prénom et nom;Email;Téléphone;Fonction;Couleur\n{Paris};Paul;paul@cci.example.fr;;;bleu\n",
            new ImportIssue(1, "Couleur", "Colonne inconnue « Couleur » : ce n’est ni une colonne attendue (« Institution », « Antenne », « Prénom et nom », « Email », « Téléphone », « Fonction », « Compte », « Email de l’équipe », « Nom de l’équipe », « Téléphone de l’équipe », « Sujet ») ni un sujet de l’institution."))
            .SetName("Unknown column"),
        new TestCaseData($"Antenne;Prénom et nom;Email;Téléphone;Fonction;Création et reprise\n{Paris};Paul;paul@cci.example.fr;;;x\n",
            new ImportIssue(1, "Création et reprise", $"La colonne « Création et reprise » désigne plusieurs sujets de l’institution (« {TakeOver} », « {Transfer} ») : précisez-la sous la forme « Thème:Sujet:Description »."))
            .SetName("Ambiguous subject header"),
        new TestCaseData($"Antenne;Prénom et nom;Email;Téléphone;Fonction\nCCI Marseille;Paul;paul@cci.example.fr;;\n",
            new ImportIssue(2, "Antenne", $"L’antenne « CCI Marseille » n’existe pas dans {Cci} : corrigez son nom ou importez-la d’abord."))
            .SetName("Unknown antenne"),
        new TestCaseData($"Antenne;Prénom et nom;Email;Téléphone;Fonction\n{Paris};Paul;paul.cci.example.fr;;\n",
            new ImportIssue(2, "Email", "« paul.cci.example.fr » n’est pas une adresse électronique valide."))
            .SetName("Invalid e-mail"),
        new TestCaseData($"Antenne;Prénom et nom;Email;Téléphone;Fonction\n{Paris};Paul;paul@cci.example.fr;;\n{Lyon};Paul;PAUL@cci.example.fr;;\n",
            new ImportIssue(3, "Email", "L’adresse « paul@cci.example.fr » figure déjà ligne 2 avec un autre nom ou une autre antenne."))
            .SetName("Duplicate e-mail with another antenne"),
        new TestCaseData($"Antenne;Prénom et nom;Email;Téléphone;Fonction\n{Paris};Paul;paul@cci.example.fr;;\n{Paris};Paul Durand;paul@cci.example.fr;;\n",
            new ImportIssue(3, "Email", "L’adresse « paul@cci.example.fr » figure déjà ligne 2 avec un autre nom ou une autre antenne."))
            .SetName("Duplicate e-mail with another name"),
        new TestCaseData($"Antenne;Prénom et nom;Email;Téléphone;Fonction\n{Paris};Admin;admin@place-des-entreprises.example.fr;;\n",
            new ImportIssue(2, "Email", "L’adresse « admin@place-des-entreprises.example.fr » est celle d’un compte de Équipe Place des Entreprises : une personne n’appartient qu’à une institution."))
            .SetName("E-mail of a user of another institution"),
        new TestCaseData($"Antenne;Prénom et nom;Email;Téléphone;Fonction\n{Paris};Paul;paul@cci.example.fr;12 34;\n",
            new ImportIssue(2, "Téléphone", "« 12 34 » n’est pas un numéro de téléphone valide (par exemple 01 23 45 67 89)."))
            .SetName("Invalid phone"),
        new TestCaseData($"Antenne;Prénom et nom;Email;Téléphone;Fonction;Email de l’équipe;Téléphone de l’équipe\n{Paris};Paul;paul@cci.example.fr;;;equipe@cci.example.fr;0000\n",
            new ImportIssue(2, "Téléphone de l’équipe", "« 0000 » n’est pas un numéro de téléphone valide (par exemple 01 23 45 67 89)."))
            .SetName("Invalid team phone"),
        new TestCaseData($"Antenne;Prénom et nom;Email;Téléphone;Fonction;Sujet\n{Paris};Paul;paul@cci.example.fr;;;Pêche en haute mer\n",
            new ImportIssue(2, "Sujet", $"« Pêche en haute mer » n’est pas un sujet de {Cci}."))
            .SetName("Unknown subject in the Sujet column"),
        new TestCaseData($"Antenne;Prénom et nom;Email;Téléphone;Fonction;Compte\n{Paris};Paul;paul@cci.example.fr;;;peut-être\n",
            new ImportIssue(2, "Compte", "« peut-être » : la colonne « Compte » attend « oui » (la personne a un compte) ou « non » (un expert sans compte)."))
            .SetName("Account column neither yes nor no"),
        new TestCaseData($"Antenne;Prénom et nom;Email;Téléphone;Fonction;Compte;Email de l’équipe\n{Paris};Paul;paul@cci.example.fr;;;non;equipe@cci.example.fr\n",
            new ImportIssue(2, "Email de l’équipe", "Un expert sans compte n’est membre d’aucune équipe : une équipe réunit des comptes. "
                + "Laissez les colonnes de l’équipe vides, indiquez « oui » dans la colonne « Compte », "
                + "ou, pour une équipe sans membre, laissez vides les prénom et nom, l’adresse, le téléphone et la fonction."))
            .SetName("Expert without an account in a team"),
        new TestCaseData($"Antenne;Prénom et nom;Email;Téléphone;Fonction;Compte\n{Paris};Camille Martin;camille.martin@cci-paris-idf.example.fr;;;non\n",
            new ImportIssue(2, "Compte", $"L’adresse « camille.martin@cci-paris-idf.example.fr » est celle d’un compte de {Cci} : indiquez « oui » dans la colonne « Compte » (un import ne retire pas de compte)."))
            .SetName("Without an account but the e-mail has one"),
        new TestCaseData($"Antenne;Prénom et nom;Email;Téléphone;Fonction;Compte\n{Paris};Paul;paul@cci.example.fr;;;oui\n{Paris};Paul;paul@cci.example.fr;;;non\n",
            new ImportIssue(3, "Compte", "L’adresse « paul@cci.example.fr » figure aussi ligne 2 avec un compte : une même personne a un compte ou n’en a pas."))
            .SetName("Same e-mail with and without an account"),
        new TestCaseData($"Antenne;Prénom et nom;Email;Téléphone;Fonction;Compte;Email de l’équipe\n{Paris};;;;;oui;equipe@cci.example.fr\n",
            new ImportIssue(2, "Prénom et nom", "Les prénom et nom sont vides."), new ImportIssue(2, "Email", "L’adresse électronique est vide."))
            .SetName("A team alone needs Compte = non"),
    ];

    [TestCaseSource(nameof(Errors))]
    public async Task Reports_each_error_in_french_with_line_column_and_reason_and_changes_nothing(string csv, object error, object? also = null)
    {
        // The issue type is internal to the module: NUnit hands it over as an object.
        ImportIssue[] expected = also is null ? [(ImportIssue)error] : [(ImportIssue)error, (ImportIssue)also];
        var before = await SnapshotAsync();

        var preview = (await SendAsync(new PreviewUsersImportQuery("cci", Encoding.UTF8.GetBytes(csv))))!;
        var applied = (await ApplyAsync(csv))!;

        Assert.That(preview.Errors, Is.EqualTo(expected));
        Assert.That(preview.CanApply, Is.False);
        Assert.That(applied.Errors, Is.EqualTo(expected));
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task A_file_with_one_bad_line_among_good_ones_leaves_the_directory_untouched()
    {
        var before = await SnapshotAsync();
        var csv = Header
            + $"{Paris};Camille Martin;camille.martin@cci-paris-idf.example.fr;0611111111;Conseillère;;\n"
            + $"{Lyon};Paul Durand;paul@cci.example.fr;;;x;x\n"
            + $"{Lyon};Zoé Petit;zoe@cci.example.fr;pas un numéro;;x;\n";

        var applied = (await ApplyAsync(csv))!;

        Assert.That(applied.CanApply, Is.False);
        Assert.That(applied.Errors.Single().Line, Is.EqualTo(4));
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
        Assert.That(await AuditCountAsync(), Is.Zero);
    }

    [Test]
    public async Task The_new_accounts_are_offered_for_invitation_and_invited_once()
    {
        var applied = (await ApplyAsync("Antenne;Prénom et nom;Email;Téléphone;Fonction\n"
            + $"{Paris};Paul Durand;paul@cci.example.fr;;\n{Paris};Camille Martin;camille.martin@cci-paris-idf.example.fr;;Conseillère entreprises\n"))!;
        var ids = applied.Uninvited.Select(u => u.Id).ToList();

        var invited = await SendAsync(new InviteImportedUsersCommand("cci", ids));
        var again = await SendAsync(new InviteImportedUsersCommand("cci", ids));

        Assert.That(applied.Uninvited.Select(u => u.FullName), Is.EqualTo(new[] { "Paul Durand" }), "Camille has a password");
        Assert.That(invited, Is.EqualTo(1));
        Assert.That(again, Is.Zero);
        Assert.That(await ScalarAsync("select count(*) from directory.user_token where purpose = 'invitation'"), Is.EqualTo(1));
        Assert.That(await ScalarAsync("select count(*) from directory.outbox_message"), Is.EqualTo(1));
        Assert.That(await SendAsync(new InviteImportedUsersCommand("cma", ids)), Is.Zero, "only accounts of the institution");
    }

    /// <summary>Users, experts and subjects of the CCI as sorted strings.</summary>
    private static async Task<string[]> SnapshotAsync()
    {
        await using var connection = new NpgsqlConnection(DirectoryTestHost.Host.Database.ConnectionString);
        return (await connection.QueryAsync<string>("""
            select 'user|' || u.email || '|' || u.full_name || '|' || u.antenne_id || '|' || coalesce(u.password_hash, '')
            from directory.user_account u
            union all
            select 'expert|' || e.id || '|' || e.full_name || '|' || e.email || '|' || coalesce(e.phone, '') || '|' || coalesce(e.job_title, '') || '|' || e.antenne_id || '|' || e.is_team
            from directory.expert e
            union all
            select 'member|' || user_id || '|' || expert_id from directory.user_expert
            union all
            select 'subject|' || expert_id || '|' || institution_subject_id || '|' || coalesce(intervention_criteria, '') from directory.expert_subject
            order by 1
            """)).ToArray();
    }

    private static async Task<string?> AccountAsync(string email)
    {
        await using var connection = new NpgsqlConnection(DirectoryTestHost.Host.Database.ConnectionString);
        return await connection.QuerySingleOrDefaultAsync<string>("""
            select u.full_name || '|' || a.name || '|' || case when u.password_hash is null then 'sans mot de passe' else 'avec mot de passe' end
            from directory.user_account u join directory.antenne a on a.id = u.antenne_id where u.email = @email
            """, new { email });
    }

    /// <summary>"kind|name|email|phone|job|antenne|subject=criteria;…" for each expert the account answers for.</summary>
    private static async Task<string[]> ExpertsOfAsync(string email)
    {
        await using var connection = new NpgsqlConnection(DirectoryTestHost.Host.Database.ConnectionString);
        var rows = await connection.QueryAsync<string>("""
            select case when e.is_team then 'team' else 'personal' end || '|' || e.full_name || '|' || e.email || '|' || coalesce(e.phone, '') || '|'
                   || coalesce(e.job_title, '') || '|' || a.name || '|' ||
                   coalesce((select string_agg(s.label || '=' || coalesce(es.intervention_criteria, ''), ';' order by s.label collate "C")
                             from directory.expert_subject es
                             join directory.institution_subject isub on isub.id = es.institution_subject_id
                             join directory.subject s on s.id = isub.subject_id
                             where es.expert_id = e.id), '')
            from directory.user_account u
            join directory.user_expert ue on ue.user_id = u.id
            join directory.expert e on e.id = ue.expert_id
            join directory.antenne a on a.id = e.antenne_id
            where u.email = @email
            order by 1
            """, new { email });
        return rows.Select(Sorted).ToArray();
    }

    /// <summary>"kind|name|email|phone|job|antenne|subject=criteria;…|N compte" for each expert of that e-mail, with or without an account.</summary>
    private static async Task<string[]> ExpertsByEmailAsync(string email)
    {
        await using var connection = new NpgsqlConnection(DirectoryTestHost.Host.Database.ConnectionString);
        var rows = await connection.QueryAsync<string>("""
            select case when e.is_team then 'team' else 'personal' end || '|' || e.full_name || '|' || e.email || '|' || coalesce(e.phone, '') || '|'
                   || coalesce(e.job_title, '') || '|' || a.name || '|' ||
                   coalesce((select string_agg(s.label || '=' || coalesce(es.intervention_criteria, ''), ';' order by s.label collate "C")
                             from directory.expert_subject es
                             join directory.institution_subject isub on isub.id = es.institution_subject_id
                             join directory.subject s on s.id = isub.subject_id
                             where es.expert_id = e.id), '')
                   || '|' || (select count(*) from directory.user_expert ue where ue.expert_id = e.id) || ' compte'
            from directory.expert e
            join directory.antenne a on a.id = e.antenne_id
            where lower(e.email) = @email and e.deleted_at is null
            order by 1
            """, new { email });
        return rows.ToArray();
    }

    /// <summary>The subjects part of an <see cref="ExpertsOfAsync"/> row in ordinal order, so expectations can be written in any order.</summary>
    private static string Sorted(string row)
    {
        var parts = row.Split('|');
        parts[^1] = string.Join(';', parts[^1].Split(';', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
        return string.Join('|', parts);
    }

    private sealed record Audited(string Action, Dictionary<string, string>? Before, Dictionary<string, string>? After);

    /// <summary>The latest 'user' audit entry of the account, its values as text.</summary>
    private static async Task<Audited?> AuditOfAsync(string email)
    {
        await using var connection = new NpgsqlConnection(DirectoryTestHost.Host.Database.ConnectionString);
        var row = await connection.QuerySingleOrDefaultAsync<(string Action, string? Before, string? After)>("""
            select ae.action, ae.before::text, ae.after::text
            from directory.audit_entry ae join directory.user_account u on u.id = ae.entity_id
            where ae.entity_type = 'user' and u.email = @email order by ae.occurred_at desc, ae.id desc limit 1
            """, new { email });
        static Dictionary<string, string>? Values(string? json) => json is null ? null
            : JsonDocument.Parse(json).RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ToString());
        return row.Action is null ? null : new Audited(row.Action, Values(row.Before), Values(row.After));
    }

    private static Task<int> AuditCountAsync() => ScalarAsync("select count(*) from directory.audit_entry");

    private static async Task<int> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(DirectoryTestHost.Host.Database.ConnectionString);
        return await connection.ExecuteScalarAsync<int>(sql);
    }

    private static Task<UsersImportPreview?> ApplyAsync(string csv) =>
        SendAsync(new ApplyUsersImportCommand("cci", Encoding.UTF8.GetBytes(csv)));

    private static Task<T> SendAsync<T>(IQuery<T> query) =>
        DirectoryTestHost.Host.InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(query).AsTask());

    private static Task<T> SendAsync<T>(ICommand<T> command) =>
        DirectoryTestHost.Host.InScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(command).AsTask());
}
