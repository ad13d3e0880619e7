using System.Xml.Linq;
using Dapper;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace PdE.Directory.Features.Accounts;

/// <summary>
/// Keeps the data-protection key ring in PostgreSQL so that every host reads the same keys: a sign-in cookie
/// survives a restart and is accepted by any host. It lives in Directory, next to the accounts, because the
/// sign-in cookie is what the keys protect; a table in the directory schema keeps the one-schema-per-module rule.
/// IXmlRepository is synchronous by design; it is called rarely (key ring refresh, about once a day).
/// </summary>
internal sealed class DataProtectionKeyRepository(NpgsqlDataSource dataSource) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = dataSource.OpenConnection();
        return connection.Query<string>("select xml from directory.data_protection_key order by created_at")
            .Select(XElement.Parse).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var connection = dataSource.OpenConnection();
        connection.Execute("""
            insert into directory.data_protection_key (friendly_name, xml) values (@friendlyName, @xml)
            on conflict (friendly_name) do nothing
            """, new { friendlyName, xml = element.ToString(SaveOptions.DisableFormatting) });
    }
}
