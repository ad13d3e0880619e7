using Dapper;
using Microsoft.Playwright;
using Npgsql;

namespace PdE.Host.Tests.Browser;

/// <summary>
/// Issue 17: the team works with the keyboard alone, and sees where the focus is at every step: signing in, ticking a
/// request on the desk and validating it.
/// </summary>
public sealed class KeyboardJourneyBrowserTests : BrowserTests
{
    [Test]
    public async Task The_team_signs_in_and_validates_a_request_with_the_keyboard_alone()
    {
        await using (var connection = new NpgsqlConnection(App.Database.ConnectionString))
        {
            await connection.ExecuteAsync("""
                insert into solicitations.solicitation
                    (id, full_name, email, phone, siret, subject_slug, description, status, submitted_at, commune_code, company_name)
                values (gen_random_uuid(), 'Jeanne Clavier', 'jeanne@clavier.fr', '0612345678', '73282932000074', 'autre-demande',
                        'Nous cherchons un financement pour un nouvel atelier.', 'received', clock_timestamp(), '75111', 'BOULANGERIE MARTIN')
                """);
        }

        await using var context = await Chromium.Browser.NewContextAsync(new() { BaseURL = App.KestrelAddress!.ToString(), Locale = "fr-FR" });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/connexion");

        await TabToAsync(page, "#Input_Email, input[name='Input.Email']");
        await page.Keyboard.TypeAsync("admin@place-des-entreprises.example.fr");
        await TabToAsync(page, "input[name='Input.Password']");
        await page.Keyboard.TypeAsync("demo-admin-pde-2026");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/conseiller/sollicitations$"));

        await TabToAsync(page, "input[name=SolicitationIds]");
        await page.Keyboard.PressAsync("Space");
        await Assertions.Expect(page.Locator("#cochees")).ToHaveTextAsync("1 demande cochée");
        await TabToAsync(page, "button[formaction$='handler=Validate']", backwards: true);
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(page.Locator(".fr-alert--success")).ToHaveTextAsync("1 demande validée et transmise aux conseillers.");
    }

    /// <summary>
    /// Presses Tab (or Shift+Tab) until the focus is on an element matching <paramref name="selector"/>, checking at every
    /// step that the focused element shows it (an outline on it, its label or the block around it, as DSFR draws it).
    /// </summary>
    private static async Task TabToAsync(IPage page, string selector, bool backwards = false, int bound = 120)
    {
        for (var presses = 1; presses <= bound; presses++)
        {
            await page.Keyboard.PressAsync(backwards ? "Shift+Tab" : "Tab");
            var focus = await page.EvaluateAsync<Focus>("""
                selector => {
                    const e = document.activeElement;
                    if (!e || e === document.body) return { matches: false, visible: true, what: 'body' };
                    const shows = s => !!s && s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
                    // DSFR draws the ring on the element, on a checkbox's label, or on the block a link enlarges (focus-within).
                    const label = e.id ? document.querySelector(`label[for="${CSS.escape(e.id)}"]`) : null;
                    const drawn = [e, label, e.parentElement, e.parentElement?.parentElement, e.parentElement?.parentElement?.parentElement]
                        .filter(x => !!x);
                    // A date field's focused part (day, month, year) is highlighted by the browser itself.
                    const visible = e.type === 'date' || drawn.some(x => shows(getComputedStyle(x)) || shows(getComputedStyle(x, '::before')) || shows(getComputedStyle(x, '::after')));
                    return { matches: e.matches(selector), visible, what: e.outerHTML.slice(0, 120) };
                }
                """, selector);
            Assert.That(focus.Visible, Is.True, $"the focus is not visible on {focus.What}");
            if (focus.Matches)
            {
                return;
            }
        }

        Assert.Fail($"{bound} presses of {(backwards ? "Shift+Tab" : "Tab")} did not reach {selector}");
    }

    private sealed class Focus
    {
        public bool Matches { get; set; }

        public bool Visible { get; set; }

        public string What { get; set; } = "";
    }
}
