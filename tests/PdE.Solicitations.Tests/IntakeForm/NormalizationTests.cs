using PdE.Shared.Validation;

namespace PdE.Solicitations.Tests.IntakeForm;

/// <summary>What people type in the form, and what is stored.</summary>
public sealed class NormalizationTests
{
    [TestCase("06 12 34 56 78", "0612345678")]
    [TestCase("06.12.34.56.78", "0612345678")]
    [TestCase("+33 6 12 34 56 78", "0612345678")]
    [TestCase("+33 (0)6 12 34 56 78", "0612345678")]
    [TestCase("0033612345678", "0612345678")]
    [TestCase("+32 2 123 45 67", "+3221234567")]
    public void Normalizes_phone_numbers_as_french_people_type_them(string typed, string stored) =>
        Assert.That(PhoneNumber.Normalize(typed), Is.EqualTo(stored));

    [TestCase("732 829 320 00074", "73282932000074")]
    [TestCase(" 732.829.320-00074 ", "73282932000074")]
    public void Normalizes_a_siret_typed_with_separators(string typed, string stored) =>
        Assert.That(Siret.Normalize(typed), Is.EqualTo(stored));

    [TestCase("73282932000074", true)]
    [TestCase("73282932000075", false)]
    [TestCase("35600000000048", true)]
    [TestCase("35600000049837", true)]
    [TestCase("35600000049838", false)]
    [TestCase("00000000000000", true)]
    public void Checks_a_siret_with_luhn_and_the_la_poste_exception(string siret, bool valid) =>
        Assert.That(Siret.IsValid(siret), Is.EqualTo(valid));
}
