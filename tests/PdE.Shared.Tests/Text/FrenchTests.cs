using PdE.Shared.Text;

namespace PdE.Shared.Tests.Text;

public sealed class FrenchTests
{
    [Test]
    public void Shows_a_winter_instant_one_hour_ahead_of_utc()
    {
        var utc = new DateTime(2026, 1, 14, 9, 5, 0, DateTimeKind.Utc);

        Assert.That(French.ToParis(utc), Is.EqualTo(new DateTime(2026, 1, 14, 10, 5, 0)));
        Assert.That(French.DateAndTime(utc), Is.EqualTo("14 janvier 2026 à 10h05"));
        Assert.That(French.LongDateAndTime(utc), Is.EqualTo("mercredi 14 janvier 2026 à 10h05"));
        Assert.That(French.Date(utc), Is.EqualTo("14 janvier 2026"));
    }

    [Test]
    public void Shows_a_summer_instant_two_hours_ahead_of_utc()
    {
        var utc = new DateTime(2026, 7, 3, 12, 49, 0, DateTimeKind.Utc);

        Assert.That(French.DateAndTime(utc), Is.EqualTo("3 juillet 2026 à 14h49"));
        Assert.That(French.LongDateAndTime(utc), Is.EqualTo("vendredi 3 juillet 2026 à 14h49"));
    }

    [Test]
    public void Shows_a_late_evening_on_the_last_day_of_a_month_as_the_next_day_in_paris()
    {
        var utc = new DateTime(2026, 1, 31, 23, 30, 0, DateTimeKind.Utc);

        Assert.That(French.DateAndTime(utc), Is.EqualTo("1 février 2026 à 00h30"));
        Assert.That(French.LongDateAndTime(utc), Is.EqualTo("dimanche 1 février 2026 à 00h30"));
        Assert.That(French.Date(utc), Is.EqualTo("1 février 2026"));
    }

    [Test]
    public void Takes_an_unspecified_kind_as_utc()
    {
        var unspecified = new DateTime(2026, 11, 25, 13, 5, 0, DateTimeKind.Unspecified);

        Assert.That(French.DateAndTime(unspecified), Is.EqualTo("25 novembre 2026 à 14h05"));
        Assert.That(French.DateAndTime(unspecified), Is.EqualTo(French.DateAndTime(DateTime.SpecifyKind(unspecified, DateTimeKind.Utc))));
    }

    [Test]
    public void Refuses_a_local_time_which_depends_on_the_server()
    {
        Assert.That(() => French.ToParis(new DateTime(2026, 11, 25, 13, 5, 0, DateTimeKind.Local)), Throws.ArgumentException);
    }

    [Test]
    public void Formats_days_and_numbers_the_french_way()
    {
        Assert.That(French.Date(new DateOnly(2012, 3, 15)), Is.EqualTo("15 mars 2012"));
        // A no-break space between thousands (narrow in recent ICU versions), never a plain one a line could break on.
        var separator = French.Culture.NumberFormat.NumberGroupSeparator;
        Assert.That(separator, Is.AnyOf("\u202F", "\u00A0"));
        Assert.That(French.Number(12345), Is.EqualTo($"12{separator}345"));
        Assert.That(French.Number(1234567L), Is.EqualTo($"1{separator}234{separator}567"));
        Assert.That(French.Number(7), Is.EqualTo("7"));
    }

    [TestCase(true, "Oui")]
    [TestCase(false, "Non")]
    [TestCase(null, "Sans réponse")]
    public void Reads_a_yes_no_answer_in_french(bool? answer, string expected) => Assert.That(French.YesNo(answer), Is.EqualTo(expected));

    [TestCase(0, "0 demande reçue")]
    [TestCase(1, "1 demande reçue")]
    [TestCase(2, "2 demandes reçues")]
    [TestCase(25, "25 demandes reçues")]
    public void Agrees_a_noun_with_its_count_0_and_1_in_the_singular(int count, string expected) =>
        Assert.That(French.Count(count, "demande reçue", "demandes reçues"), Is.EqualTo(expected));

    [Test]
    public void Writes_thousands_in_a_count() =>
        Assert.That(French.Count(12345, "besoin", "besoins"), Is.EqualTo($"{French.Number(12345)} besoins"));

    [Test]
    public void Names_a_commune_with_its_postcode_and_an_activity_with_its_label()
    {
        Assert.That(French.Commune("Paris 11e Arrondissement", "75011"), Is.EqualTo("Paris 11e Arrondissement (75011)"));
        Assert.That(French.Commune("Saint-Pierre", null), Is.EqualTo("Saint-Pierre"), "no postcode known: the name alone, never an INSEE code");
        Assert.That(French.Activity("10.71C", "Boulangerie et boulangerie-pâtisserie"), Is.EqualTo("Boulangerie et boulangerie-pâtisserie (NAF 10.71C)"));
        Assert.That(French.Activity("99.99X", null), Is.EqualTo("NAF 99.99X"));
    }

    [Test]
    public void Names_an_agent_and_their_institution_without_nested_parentheses() =>
        Assert.That(French.AgentOf("Camille Martin", "Chambre de commerce et d’industrie (CCI)"),
            Is.EqualTo("Camille Martin, Chambre de commerce et d’industrie (CCI)"));
}
