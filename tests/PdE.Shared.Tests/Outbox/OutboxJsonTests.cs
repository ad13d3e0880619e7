using System.Text.Json;
using PdE.Shared.Outbox;

namespace PdE.Shared.Tests.Outbox;

public sealed class OutboxJsonTests
{
    [TestCase("\"2026-01-31T23:30:00\"", TestName = "Reads a date written without offset (before dates were written in UTC) as UTC")]
    [TestCase("\"2026-01-31T23:30:00Z\"", TestName = "Reads a UTC date as UTC")]
    [TestCase("\"2026-02-01T00:30:00+01:00\"", TestName = "Reads a date with an offset as the same instant in UTC")]
    public void Reads_every_date_as_utc(string json)
    {
        var read = JsonSerializer.Deserialize<DateTime?>(json, OutboxJson.Options)!.Value;

        Assert.That((read, read.Kind), Is.EqualTo((new DateTime(2026, 1, 31, 23, 30, 0, DateTimeKind.Utc), DateTimeKind.Utc)));
    }

    [Test]
    public void Writes_a_local_time_as_its_utc_instant()
    {
        var local = new DateTime(2026, 1, 31, 23, 30, 0, DateTimeKind.Utc).ToLocalTime();

        Assert.That(JsonSerializer.Serialize(local, OutboxJson.Options), Is.EqualTo("\"2026-01-31T23:30:00Z\""));
    }
}
