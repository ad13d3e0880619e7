using PdE.Shared.Validation;

namespace PdE.Shared.Tests.Validation;

/// <summary>The one e-mail rule: what an SMTP server takes, nothing that would fail to send forever.</summary>
public sealed class EmailAddressTests
{
    [TestCase("nom@domaine.fr")]
    [TestCase("jean.dupont+pde@cci-paris-idf.fr")]
    [TestCase("O'Brien@exemple.ie")]
    [TestCase("contact@xn--crche-des-lutins-bnb.fr")]
    [TestCase("a@b.co")]
    public void Accepts(string email) => Assert.That(EmailAddress.IsValid(email), Is.True, email);

    [TestCase("x y@z.fr", TestName = "a space")]
    [TestCase("jeanne@boulangerie", TestName = "a domain without a dot")]
    [TestCase("\u200Fjeanne@exemple.fr", TestName = "a right-to-left mark")]
    [TestCase("jeanne@exemple.fr\u202E", TestName = "a direction override")]
    [TestCase("jeanne\u001b@exemple.fr", TestName = "an escape character")]
    [TestCase("jeanne\0@exemple.fr", TestName = "a NUL byte")]
    [TestCase("jeanne..martin@exemple.fr", TestName = "two dots in a row")]
    [TestCase(".jeanne@exemple.fr", TestName = "a leading dot")]
    [TestCase("jeanne@-exemple.fr", TestName = "a label starting with a dash")]
    [TestCase("jeanne@exemple..fr", TestName = "an empty label")]
    [TestCase("\"jeanne martin\"@exemple.fr", TestName = "a quoted local part")]
    [TestCase("jéanne@exemple.fr", TestName = "a non-ASCII local part")]
    [TestCase("jeanne@exemple.fr\n", TestName = "a trailing line feed")]
    [TestCase("jeanne@@exemple.fr", TestName = "two at signs")]
    [TestCase("", TestName = "nothing")]
    public void Refuses(string email) => Assert.That(EmailAddress.IsValid(email), Is.False);

    [Test]
    public void Refuses_an_address_longer_than_254_characters() =>
        Assert.That(EmailAddress.IsValid(new string('a', 64) + "@" + string.Join('.', Enumerable.Repeat(new string('b', 60), 4)) + ".fr"), Is.False);
}
