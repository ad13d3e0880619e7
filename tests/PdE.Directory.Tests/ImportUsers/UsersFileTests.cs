using System.Text;
using PdE.Directory.Features.Annuaire.ImportUsers;

namespace PdE.Directory.Tests.ImportUsers;

/// <summary>The users file without the database: subject headers (with variants) and the cells of the matrix.</summary>
public sealed class UsersFileTests
{
    private static readonly Guid Guarantee = Guid.NewGuid();
    private static readonly Guid HonourLoan = Guid.NewGuid();
    private static readonly Guid Cyber = Guid.NewGuid();

    private static readonly InstitutionSubjectColumn[] Subjects =
    [
        new(Guarantee, "Financement", "Prêt", "garantie"),
        new(HonourLoan, "Financement", "Prêt", "prêt d’honneur"),
        new(Cyber, "Numérique", "Cybersécurité", null),
    ];

    [TestCase("prêt:GARANTIE", "garantie")]
    [TestCase("Garantie", "garantie")]
    [TestCase("Financement : Prêt : pret d'honneur", "prêt d’honneur")]
    [TestCase("cybersecurite", null)]
    [TestCase("NUMÉRIQUE", null)]
    public void A_header_names_one_subject_by_any_of_its_forms_ignoring_case_accents_and_apostrophes(string header, string? description)
    {
        var (subject, error) = UsersFile.ResolveSubject(header, Subjects);

        Assert.That(error, Is.Null);
        Assert.That(subject!.Description, Is.EqualTo(description));
    }

    [Test]
    public void A_header_naming_several_subjects_is_ambiguous_and_the_error_names_them()
    {
        Assert.That(UsersFile.ResolveSubject("Prêt", Subjects).Error, Is.EqualTo(
            "La colonne « Prêt » désigne plusieurs sujets de l’institution (« Prêt:garantie », « Prêt:prêt d’honneur ») : précisez-la sous la forme « Thème:Sujet:Description »."));
        Assert.That(UsersFile.ResolveSubject("Financement", Subjects).Subject, Is.Null);
    }

    [Test]
    public void The_export_header_is_the_subject_label_unless_the_institution_splits_the_subject()
    {
        Assert.That(Subjects.Select(s => s.Header(Subjects)), Is.EqualTo(new[] { "Prêt:garantie", "Prêt:prêt d’honneur", "Cybersécurité" }));
        Assert.That(Subjects.Select(s => UsersFile.ResolveSubject(s.Header(Subjects), Subjects).Subject), Is.EqualTo(Subjects), "every export header reads back");
    }

    [Test]
    public void Cells_give_the_subject_without_criteria_with_criteria_or_remove_it()
    {
        var csv = "Antenne,Prénom et nom,Email,Téléphone,Fonction,Prêt:garantie,Prêt:prêt d'honneur,Cybersécurité\r\n"
            + "Paris,Ana Lopes,Ana.Lopes@Example.fr,06 12 34 56 78,Conseillère, X ,Moins de 3 ans,\r\n"
            + "Paris,Luc Roy,luc@example.fr,,,oui,,\r\n";

        var file = UsersFile.Parse(Encoding.Latin1.GetBytes(csv), "Bpifrance", "bpifrance", Subjects);

        Assert.That(file.Errors, Is.Empty);
        Assert.That(file.Lines[0].Email, Is.EqualTo("ana.lopes@example.fr"));
        Assert.That(file.Lines[0].Phone, Is.EqualTo("0612345678"));
        Assert.That(file.Lines[0].Subjects, Is.EqualTo(new[]
        {
            new SubjectCell(Guarantee, true, null), new SubjectCell(HonourLoan, true, "Moins de 3 ans"), new SubjectCell(Cyber, false, null),
        }));
        Assert.That(file.Lines[1].Subjects.Select(c => c.Held), Is.EqualTo(new[] { true, false, false }));
    }

    [Test]
    public void Team_name_or_phone_without_team_email_is_an_error()
    {
        var csv = "Antenne;Prénom et nom;Email;Téléphone;Fonction;Nom de l’équipe\nParis;Ana;ana@example.fr;;;Pôle financement\n";

        var file = UsersFile.Parse(Encoding.UTF8.GetBytes(csv), "Bpifrance", "bpifrance", Subjects);

        Assert.That(file.Errors.Single().Column, Is.EqualTo("Email de l’équipe"));
    }
}
