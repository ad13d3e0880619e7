using System.Text;
using PdE.Directory.Features.Annuaire;
using PdE.Directory.Features.Annuaire.ImportUsers;

namespace PdE.Directory.Tests.ImportUsers;

/// <summary>The plan of a users file against a directory built in memory: no database.</summary>
public sealed class UsersImportPlannerTests
{
    private const string Header = "Antenne;Prénom et nom;Email;Téléphone;Fonction;Export\n";

    private static readonly ImportedInstitution Cci = new(Guid.NewGuid(), "CCI");
    private static readonly DirectoryAntenne Paris = new(Guid.NewGuid(), "CCI Paris");
    private static readonly DirectoryAntenne Lyon = new(Guid.NewGuid(), "CCI Lyon");
    private static readonly InstitutionSubjectColumn Export = new(Guid.NewGuid(), "International", "Export", null);

    private static readonly ExistingUser Camille =
        new(Guid.NewGuid(), "camille@cci.example.fr", "Camille Martin", Paris.Id, Cci.Id, Cci.Name);

    private static readonly ExistingExpert CamilleExpert =
        new(Guid.NewGuid(), Camille.Id, Camille.Email, Camille.FullName, "0123456789", "Conseillère", Paris.Id);

    /// <summary>Camille, at Paris, whose personal expert holds Export.</summary>
    private static readonly CurrentDirectory Directory = new(Cci, [Paris, Lyon], [Export])
    {
        Users = [Camille],
        PersonalExperts = [CamilleExpert],
        Holdings = [new ExistingSubject(CamilleExpert.Id, Export.Id, null)],
    };

    [Test]
    public void A_new_user_is_created_with_a_personal_expert_holding_the_subjects_of_the_line()
    {
        var plan = Plan(Header + "cci lyon;Paul Durand;Paul@CCI.example.fr;;Conseiller;Zone euro\n");

        Assert.That(plan.Preview.Errors, Is.Empty);
        Assert.That(plan.Preview.Users.Single(), Is.EqualTo(new PlannedChange(2, "Paul Durand", "paul@cci.example.fr", "CCI Lyon", UserChange.Created, "1 sujet")));
        var user = plan.Users.Single();
        Assert.That(user.Before, Is.Null);
        Assert.That(user.AntenneId, Is.EqualTo(Lyon.Id));
        var expert = plan.Experts.Single();
        Assert.That(expert.Before, Is.Null);
        Assert.That((expert.IsTeam, expert.JobTitle), Is.EqualTo((false, "Conseiller")));
        Assert.That(expert.Held, Is.EqualTo(new Dictionary<Guid, string?> { [Export.Id] = "Zone euro" }));
        Assert.That(plan.NewMemberships, Is.EqualTo(new[] { (user.Id, expert.Id) }));
        Assert.That(plan.AuditChanges.Single().Action, Is.EqualTo("Création par import CSV"));
    }

    [Test]
    public void An_existing_user_is_updated_with_what_changes_in_french()
    {
        var plan = Plan(Header + "CCI Lyon;Camille Martin-Leroy;CAMILLE@cci.example.fr;01 23 45 67 89;Conseillère;\n");

        Assert.That(plan.Preview.Users.Single(), Is.EqualTo(new PlannedChange(
            2, "Camille Martin-Leroy", "camille@cci.example.fr", "CCI Lyon", UserChange.Updated, "nom, antenne, 1 sujet")));
        var user = plan.Users.Single();
        Assert.That((user.Id, user.UserChanged), Is.EqualTo((Camille.Id, true)));
        var expert = plan.Experts.Single();
        Assert.That((expert.Id, expert.FieldsChanged), Is.EqualTo((CamilleExpert.Id, true)));
        Assert.That(expert.Removed, Is.EqualTo(new[] { Export.Id }), "an empty cell removes the subject");
        Assert.That(plan.NewMemberships, Is.Empty);
        Assert.That(plan.AuditChanges.Single().Action, Is.EqualTo("Modification par import CSV"));
    }

    [Test]
    public void A_file_saying_what_the_directory_already_holds_changes_nothing()
    {
        var plan = Plan(Header + "CCI Paris;Camille Martin;camille@cci.example.fr;01 23 45 67 89;Conseillère;x\n");

        Assert.That(plan.Preview.Users.Single().Change, Is.EqualTo(UserChange.Unchanged));
        Assert.That(plan.Preview.ChangesNothing, Is.True);
        Assert.That(plan.Preview.CanApply, Is.True);
        Assert.That(plan.Users.Single().UserChanged, Is.False);
        Assert.That(plan.Experts.Single().FieldsChanged, Is.False);
        Assert.That(plan.AuditChanges, Is.Empty);
    }

    [TestCase("CCI Marseille;Zoé Petit;zoe@cci.example.fr;;;", "Antenne",
        "L’antenne « CCI Marseille » n’existe pas dans CCI : corrigez son nom ou importez-la d’abord.", TestName = "Unknown antenne")]
    [TestCase("CCI Paris;Paul Dupont;PAUL@cci.example.fr;;;", "Email",
        "L’adresse « paul@cci.example.fr » figure déjà ligne 2 avec un autre nom ou une autre antenne.", TestName = "Same address with another name")]
    public void A_line_the_directory_refuses_is_an_error_of_its_line_and_nothing_is_planned(string secondLine, string column, string message)
    {
        var plan = Plan(Header + "CCI Paris;Paul Durand;paul@cci.example.fr;;;\n" + secondLine + "\n");

        Assert.That(plan.Preview.Errors, Is.EqualTo(new[] { new ImportIssue(3, column, message) }));
        Assert.That(plan.Preview.CanApply, Is.False);
        Assert.That(plan.Users, Is.Empty);
        Assert.That(plan.Experts, Is.Empty);
        Assert.That(plan.AuditChanges, Is.Empty);
    }

    [Test]
    public void An_address_of_another_institution_is_an_error()
    {
        var directory = Directory with { Users = [Camille with { InstitutionId = Guid.NewGuid(), InstitutionName = "CMA" }] };

        var plan = UsersImportPlanner.Plan(Parse(Header + "CCI Paris;Camille Martin;camille@cci.example.fr;;;\n"), directory);

        Assert.That(plan.Preview.Errors.Single().Message, Is.EqualTo(
            "L’adresse « camille@cci.example.fr » est celle d’un compte de CMA : une personne n’appartient qu’à une institution."));
    }

    [Test]
    public void Lines_naming_a_team_create_it_once_and_add_each_user_to_it()
    {
        const string header = "Antenne;Prénom et nom;Email;Téléphone;Fonction;Email de l’équipe;Nom de l’équipe;Export\n";

        var plan = Plan(header + "CCI Lyon;Léa Roux;lea@cci.example.fr;;;export@cci.example.fr;Pôle export;x\n"
            + "CCI Paris;Camille Martin;camille@cci.example.fr;01 23 45 67 89;Conseillère;export@cci.example.fr;;\n");

        Assert.That(plan.Preview.Teams.Single(), Is.EqualTo(new PlannedChange(2, "Pôle export", "export@cci.example.fr", "CCI Lyon", UserChange.Created, "1 sujet")));
        Assert.That(plan.Preview.Users.Select(u => u.Details), Has.All.EqualTo("rejoint l’équipe « Pôle export »"));
        Assert.That(plan.Experts.Where(e => !e.IsTeam).Select(e => e.Id), Is.EqualTo(new[] { CamilleExpert.Id }), "Léa has no phone, job or subject of her own");
        var team = plan.Experts.Single(e => e.IsTeam);
        Assert.That(plan.NewMemberships.Where(m => m.ExpertId == team.Id).Select(m => m.UserId), Is.EqualTo(plan.Users.Select(u => u.Id)));
    }

    private static UsersImportPlan Plan(string csv) => UsersImportPlanner.Plan(Parse(csv), Directory);

    private static ParsedUsersFile Parse(string csv) => UsersFile.Parse(Encoding.UTF8.GetBytes(csv), Cci.Name, "cci", [Export]);
}
