using PdE.Directory.Features.Accounts;

namespace PdE.Directory.Tests.Accounts;

public sealed class CommonPasswordsTests
{
    [TestCase("password")]
    [TestCase("MOTDEPASSE")]
    [TestCase("motdepasse2024!")]
    [TestCase("2024!azerty")]
    [TestCase("azertyazerty")]
    [TestCase("qwertyuiop123")]
    [TestCase("123456789012")]
    [TestCase(" iloveyou ")]
    public void The_passwords_attackers_try_first_are_common(string password) =>
        Assert.That(CommonPasswords.IsCommon(password), Is.True, password);

    [TestCase("une phrase de passe solide")]
    [TestCase("demo-conseillere-2026")]
    [TestCase("Le chêne du jardin a 300 ans")]
    [TestCase("a1b2c3d4e5f6g7")]
    public void Sound_passwords_are_not(string password) =>
        Assert.That(CommonPasswords.IsCommon(password), Is.False, password);

    [TestCase("camille.martin-2026", true)]
    [TestCase("Mon CAMILLE.MARTIN@CCI-PARIS-IDF.example.fr !", true)]
    [TestCase("un mot de passe sans adresse", false)]
    public void A_password_built_on_the_address_is_detected(string password, bool contains) =>
        Assert.That(CommonPasswords.ContainsAddress(password, "camille.martin@cci-paris-idf.example.fr"), Is.EqualTo(contains));

    [Test]
    public void A_short_local_part_is_not_looked_for() =>
        Assert.That(CommonPasswords.ContainsAddress("une phrase avec jo dedans", "jo@example.fr"), Is.False);
}
