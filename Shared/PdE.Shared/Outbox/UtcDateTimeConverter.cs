using System.Text.Json;
using System.Text.Json.Serialization;

namespace PdE.Shared.Outbox;

/// <summary>
/// Event dates travel as UTC instants ("…Z") and come back with Kind Utc, which Npgsql requires for timestamptz.
/// System.Text.Json applies it to DateTime? as well.
/// </summary>
internal sealed class UtcDateTimeConverter : JsonConverter<DateTime>
{
    public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => AsUtc(reader.GetDateTime());

    public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) => writer.WriteStringValue(AsUtc(value));

    // Unspecified is UTC by convention here (Dapper's timestamps, and payloads written before this converter).
    private static DateTime AsUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };
}
