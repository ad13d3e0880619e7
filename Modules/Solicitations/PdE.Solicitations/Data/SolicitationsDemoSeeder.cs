using System.Security.Cryptography;
using System.Text;
using Dapper;
using Npgsql;
using PdE.Shared.Migrations;

namespace PdE.Solicitations.Data;

/// <summary>The demo landings: a campaign page over two themes of the demo catalogue. Ids derive from slugs (idempotent).</summary>
internal sealed class SolicitationsDemoSeeder(NpgsqlDataSource dataSource) : IDemoDataSeeder
{
    public sealed record Landing(string Slug, string Title, string Intro, string? Partner, string[] Themes);

    public static readonly Landing[] Landings =
    [
        new("relance", "Relancer votre activité",
            "Trésorerie tendue, projet à financer, difficultés passagères : les conseillers publics de votre territoire vous aident à rebondir. Choisissez votre besoin.",
            null, ["financement-tresorerie", "difficultes"]),
        new("cci-numerique", "Le numérique pour votre entreprise",
            "Site internet, vente en ligne, cybersécurité : décrivez votre projet, un conseiller vous rappelle.",
            "Chambre de commerce et d’industrie (CCI)", ["numerique"]),
    ];

    private static Guid IdOf(string slug) => new(MD5.HashData(Encoding.UTF8.GetBytes($"pde-demo/landing/{slug}")));

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var landing in Landings)
        {
            await connection.ExecuteAsync("""
                insert into solicitations.landing (id, slug, title, intro, partner) values (@Id, @Slug, @Title, @Intro, @Partner)
                on conflict (id) do nothing
                """, new { Id = IdOf(landing.Slug), landing.Slug, landing.Title, landing.Intro, landing.Partner }, transaction);
            foreach (var (theme, position) in landing.Themes.Select((t, i) => (t, i)))
            {
                await connection.ExecuteAsync("""
                    insert into solicitations.landing_theme (landing_id, theme_slug, position) values (@Id, @Theme, @Position)
                    on conflict do nothing
                    """, new { Id = IdOf(landing.Slug), Theme = theme, Position = position }, transaction);
            }
        }

        await transaction.CommitAsync(cancellationToken);
    }
}
