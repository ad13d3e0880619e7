using Dapper;
using Microsoft.Playwright;
using Npgsql;
using PdE.Host.Tests.Matching;

namespace PdE.Host.Tests.Browser;

/// <summary>
/// Issue 17: each main journey goes with the keyboard alone, the focus visible at every step: a business owner files a
/// request from the home page; the team signs in, ticks it on the desk and validates it; an advisor takes a need and
/// closes it.
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
        await SignInAsync(page, "admin@place-des-entreprises.example.fr", "demo-admin-pde-2026", "/conseiller/sollicitations");

        await TabToAsync(page, "input[name=SolicitationIds]");
        await page.Keyboard.PressAsync("Space");
        await Assertions.Expect(page.Locator("#cochees")).ToHaveTextAsync("1 demande cochée");
        await TabToAsync(page, "button[formaction$='handler=Validate']", backwards: true);
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(page.Locator(".fr-alert--success")).ToHaveTextAsync("1 demande validée et transmise aux conseillers.");
    }

    [Test]
    public async Task A_business_owner_files_a_request_from_the_home_page_with_the_keyboard_alone()
    {
        await using var context = await Chromium.Browser.NewContextAsync(new() { BaseURL = App.KestrelAddress!.ToString(), Locale = "fr-FR" });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");

        await TabToAsync(page, "a", "Financement et trésorerie");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Financement et trésorerie");
        await TabToAsync(page, "a", "Financer un projet ou un investissement");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Financer un projet ou un investissement");
        await TabToAsync(page, "a", "Déposer ma demande");
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(page.Locator(".fr-stepper__title")).ToContainTextAsync("Vos coordonnées");
        await TabToAsync(page, "input[name='Input.FullName']");
        await page.Keyboard.TypeAsync("Paul Clavier");
        await TabToAsync(page, "input[name='Input.Email']");
        await page.Keyboard.TypeAsync("paul@clavier-boulangerie.fr");
        await TabToAsync(page, "input[name='Input.Phone']");
        await page.Keyboard.TypeAsync("06 12 34 56 78");
        await TabToAsync(page, "button", "Continuer");
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(page.Locator(".fr-stepper__title")).ToContainTextAsync("Votre entreprise");
        await TabToAsync(page, "#recherche");
        await page.Keyboard.TypeAsync("732 829 320 00074");
        await TabToAsync(page, "button", "Rechercher");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Group, new() { Name = "Choisissez votre établissement (1 résultat)" })).ToBeVisibleAsync();
        await TabToAsync(page, "input[name='Input.Siret'][value='73282932000074']");
        await page.Keyboard.PressAsync("Space");
        await Assertions.Expect(page.Locator("input[name='Input.Siret'][value='73282932000074']")).ToBeCheckedAsync();
        await TabToAsync(page, "button", "Continuer");
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(page.Locator(".fr-stepper__title")).ToContainTextAsync("Votre besoin");
        await TabToAsync(page, "textarea");
        await page.Keyboard.TypeAsync("Mon projet consiste à acheter un nouveau four pour doubler la production.");
        // Each question's pair of radio buttons is one stop; the arrows choose within it.
        await TabToAsync(page, "#input-answers-0, #input-answers-0-non");
        await page.Keyboard.PressAsync("Space");
        await TabToAsync(page, "#input-answers-1, #input-answers-1-non");
        await page.Keyboard.PressAsync("Space");
        await page.Keyboard.PressAsync("ArrowRight");
        await Assertions.Expect(page.Locator("#input-answers-1-non")).ToBeCheckedAsync();
        await TabToAsync(page, "button", "Envoyer ma demande");
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("votre demande a bien été envoyée");
        await using var connection = new NpgsqlConnection(App.Database.ConnectionString);
        Assert.That(await connection.ExecuteScalarAsync<string>("select status from solicitations.solicitation where email = 'paul@clavier-boulangerie.fr'"),
            Is.EqualTo("received"));
    }

    [Test]
    public async Task An_advisor_takes_a_need_and_closes_it_with_the_keyboard_alone()
    {
        var (needId, _) = await InboxNeeds.SendAsync(App.Database.ConnectionString, "Camille Martin", "MENUISERIE DU CLAVIER", TimeSpan.FromMinutes(5));
        await using var context = await Chromium.Browser.NewContextAsync(new() { BaseURL = App.KestrelAddress!.ToString(), Locale = "fr-FR" });
        var page = await context.NewPageAsync();
        await SignInAsync(page, "camille.martin@cci-paris-idf.example.fr", "demo-conseillere-2026", "/conseiller/besoins");

        await TabToAsync(page, $"a[href='/conseiller/besoins/{needId}']");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Besoin de MENUISERIE DU CLAVIER");
        await TabToAsync(page, "button", "Je prends en charge");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("[role=status]")).ToHaveTextAsync("Vous avez pris ce besoin en charge : à vous d’appeler l’entreprise.");
        await TabToAsync(page, "button", "Clôturer : aide proposée");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("[role=status]")).ToHaveTextAsync("Besoin clôturé : aide proposée.");
    }

    /// <summary>Signs in from /connexion with the keyboard, and lands on <paramref name="landing"/>.</summary>
    private static async Task SignInAsync(IPage page, string email, string password, string landing)
    {
        await page.GotoAsync("/connexion");
        await TabToAsync(page, "input[name='Input.Email']");
        await page.Keyboard.TypeAsync(email);
        await TabToAsync(page, "input[name='Input.Password']");
        await page.Keyboard.TypeAsync(password);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(System.Text.RegularExpressions.Regex.Escape(landing) + "$"));
    }

    /// <summary>
    /// Presses Tab (or Shift+Tab) until the focus is on an element matching <paramref name="selector"/> (and reading
    /// <paramref name="text"/>, when given), checking at every step that the focused element shows it (an outline on it,
    /// its label or the block around it, as DSFR draws it).
    /// </summary>
    private static Task TabToAsync(IPage page, string selector, string text) => TabToAsync(page, selector, text: text, backwards: false);

    private static async Task TabToAsync(IPage page, string selector, bool backwards = false, string? text = null, int bound = 120)
    {
        for (var presses = 1; presses <= bound; presses++)
        {
            await page.Keyboard.PressAsync(backwards ? "Shift+Tab" : "Tab");
            var focus = await page.EvaluateAsync<Focus>("""
                ([selector, text]) => {
                    const e = document.activeElement;
                    if (!e || e === document.body) return { matches: false, visible: true, what: 'body' };
                    const shows = s => !!s && s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
                    // DSFR draws the ring on the element, on a checkbox's label, or on the block a link enlarges (focus-within).
                    const label = e.id ? document.querySelector(`label[for="${CSS.escape(e.id)}"]`) : null;
                    const drawn = [e, label, e.parentElement, e.parentElement?.parentElement, e.parentElement?.parentElement?.parentElement]
                        .filter(x => !!x);
                    // A date field's focused part (day, month, year) is highlighted by the browser itself.
                    const visible = e.type === 'date' || drawn.some(x => shows(getComputedStyle(x)) || shows(getComputedStyle(x, '::before')) || shows(getComputedStyle(x, '::after')));
                    const reads = text === null || e.textContent.replace(/\s+/g, ' ').trim() === text;
                    return { matches: e.matches(selector) && reads, visible, what: e.outerHTML.slice(0, 120) };
                }
                """, new object?[] { selector, text });
            Assert.That(focus.Visible, Is.True, $"the focus is not visible on {focus.What}");
            if (focus.Matches)
            {
                return;
            }
        }

        Assert.Fail($"{bound} presses of {(backwards ? "Shift+Tab" : "Tab")} did not reach {selector}{(text is null ? "" : $" reading « {text} »")}");
    }

    private sealed class Focus
    {
        public bool Matches { get; set; }

        public bool Visible { get; set; }

        public string What { get; set; } = "";
    }
}
