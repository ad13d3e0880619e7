using System.Text.Json;
using Dapper;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using PdE.Matching.Features.ChangeMatchStatus;
using PdE.Matching.Features.Satisfaction;
using PdE.Matching.Features.Satisfaction.AnswerSurvey;
using PdE.Matching.Features.Satisfaction.ShowSurveyAnswers;
using PdE.Matching.Features.ShowNeed;
using PdE.Matching.Tests.Fakes;
using PdE.Shared.Text;
using PdE.Solicitations.Contracts;
using static PdE.Matching.Tests.MatchingScenario;

namespace PdE.Matching.Tests.Satisfaction;

/// <summary>
/// Issue 13 item 5: ten days after a need is closed with help, its requester gets a private survey link, once; they answer
/// once; the team shares the answer with the experts who took the need in charge; Stats hears of it by an event.
/// </summary>
public sealed class SatisfactionSurveyTests
{
    [SetUp]
    public async Task ResetAsync()
    {
        DirectoryQueriesFake.Reset();
        SolicitationsQueriesFake.Reset();
        MatchingTestHost.Clock.Reset();
        await MatchingTestHost.Host.ResetAsync();
    }

    [TearDown]
    public void ResetClock() => MatchingTestHost.Clock.Reset();

    [Test]
    public async Task A_need_closed_with_help_is_surveyed_once_ten_days_later_even_with_two_hosts()
    {
        var helped = await ClosedWithHelpAsync("BOULANGERIE AIDÉE");
        var noHelp = await RouteAsync("BOULANGERIE SANS AIDE");
        Assert.That((await noHelp.AnswerAsync(noHelp.CamilleMatch, MatchAnswer.Take, CamilleAgent)).Succeeded, Is.True);
        Assert.That((await noHelp.AnswerAsync(noHelp.CamilleMatch, MatchAnswer.CloseWithoutHelp, CamilleAgent)).Succeeded, Is.True);
        var closed = DateTimeOffset.UtcNow;

        MatchingTestHost.Clock.Set(closed.AddDays(9));
        Assert.That(await Job().SendAsync(CancellationToken.None), Is.Zero, "not before the tenth day");

        MatchingTestHost.Clock.Set(closed.AddDays(10).AddMinutes(1));
        var runs = await Task.WhenAll(Job().SendAsync(CancellationToken.None), Job().SendAsync(CancellationToken.None));
        Assert.That(runs.Sum(), Is.EqualTo(1), "only the need closed with help, once");
        MatchingTestHost.Clock.Advance(TimeSpan.FromDays(1));
        Assert.That(await Job().SendAsync(CancellationToken.None), Is.Zero, "once");

        var due = (await OutboxEventsAsync("SatisfactionSurveyDue")).Single();
        Assert.That(due.GetProperty("needId").GetGuid(), Is.EqualTo(helped.NeedId));
        Assert.That(due.GetProperty("solicitationId").GetGuid(), Is.EqualTo(helped.SolicitationId));
        Assert.That(due.GetProperty("companyName").GetString(), Is.EqualTo("BOULANGERIE AIDÉE"));
        Assert.That(due.GetProperty("helpedBy").GetString(), Is.EqualTo("Camille Martin (CCI Paris)"));
        Assert.That(due.GetProperty("surveyPath").GetString(), Does.Match("^/satisfaction/[A-Za-z0-9_-]{43}$"));

        await using var connection = Connect();
        var hash = await connection.QuerySingleAsync<byte[]>("select token_hash from matching.satisfaction_survey where need_id = @NeedId", new { helped.NeedId });
        Assert.That(hash, Is.EqualTo(PdE.Shared.Web.PrivateLinkToken.Hash(TokenOf(due))), "only the token's hash is kept");
    }

    [Test]
    public async Task A_need_closed_long_before_the_first_run_is_not_surveyed()
    {
        await ClosedWithHelpAsync();
        MatchingTestHost.Clock.Set(DateTimeOffset.UtcNow.AddDays(10 + 8));
        Assert.That(await Job().SendAsync(CancellationToken.None), Is.Zero, "past the week of grace: too late to ask");
    }

    [Test]
    public async Task The_requester_answers_once_and_Stats_hears_of_it()
    {
        var need = await ClosedWithHelpAsync();
        var token = await SurveyTokenAsync();

        var survey = await SendAsync(new GetSurveyQuery(token));
        Assert.That((survey?.NeedId, survey?.CompanyName, survey?.AnsweredAt), Is.EqualTo(((Guid?)need.NeedId, "BOULANGERIE MARTIN", (DateTime?)null)));
        Assert.That(await SendAsync(new GetSurveyQuery(PdE.Shared.Web.PrivateLinkToken.Create())), Is.Null, "an unknown link opens nothing");
        Assert.That(await SendAsync(new GetSurveyQuery("pas-un-jeton")), Is.Null);

        Assert.That(await SendAsync(new AnswerSurveyCommand(token, true, true, "  Très bon contact,\r\nmerci à Camille.  ")), Is.True);
        Assert.That(await SendAsync(new AnswerSurveyCommand(token, false, false, "Finalement non")), Is.False, "one answer per survey");

        await using var connection = Connect();
        var row = await connection.QuerySingleAsync<(bool Contacted, bool? Useful, string Comment)>(
            "select contacted_by_expert, useful_exchange, comment from matching.satisfaction_survey where need_id = @NeedId", new { need.NeedId });
        Assert.That(row, Is.EqualTo((true, (bool?)true, "Très bon contact,\nmerci à Camille.")));
        Assert.That((await SendAsync(new GetSurveyQuery(token)))!.AnsweredAt, Is.Not.Null);

        var answered = (await OutboxEventsAsync("SatisfactionAnswered")).Single();
        Assert.That(answered.GetProperty("needId").GetGuid(), Is.EqualTo(need.NeedId));
        Assert.That(answered.GetProperty("contactedByExpert").GetBoolean(), Is.True);
        Assert.That(answered.GetProperty("usefulExchange").GetBoolean(), Is.True);
        Assert.That(answered.GetProperty("hasComment").GetBoolean(), Is.True);
    }

    [Test]
    public async Task The_first_question_is_required_and_the_second_only_when_an_expert_called()
    {
        var validator = MatchingTestHost.Host.Services.GetRequiredService<IValidator<AnswerSurveyCommand>>();
        string[] Errors(AnswerSurveyCommand command) => validator.Validate(command).Errors.Select(e => e.ErrorMessage).ToArray();

        Assert.That(Errors(new("t", null, null, null)), Is.EqualTo(new[] { "Indiquez si un conseiller vous a contacté." }));
        Assert.That(Errors(new("t", true, null, null)), Is.EqualTo(new[] { "Indiquez si l’échange avec le conseiller vous a été utile." }));
        Assert.That(Errors(new("t", false, null, null)), Is.Empty, "nobody called: nothing to judge");
        Assert.That(Errors(new("t", true, false, new string('a', 2001))),
            Is.EqualTo(new[] { $"Votre commentaire fait {French.Number(2001)} caractères : raccourcissez-le à {French.Number(2000)} caractères au plus." }));
    }

    [Test]
    public async Task A_shared_answer_shows_to_the_experts_who_took_the_need_and_to_nobody_else()
    {
        var need = await RouteAsync();
        Assert.That((await need.AnswerAsync(need.BrunoMatch, MatchAnswer.Decline, BrunoAgent)).Succeeded, Is.True);
        await CloseWithHelpAsync(need);
        var token = await SurveyTokenAsync();
        Assert.That(await SendAsync(new AnswerSurveyCommand(token, true, false, "Rappelée mais rien de concret.")), Is.True);

        Assert.That((await SendAsync(new ShowNeedQuery(need.NeedId, Admin)))!.Satisfaction?.Comment, Is.EqualTo("Rappelée mais rien de concret."));
        Assert.That((await SendAsync(new ShowNeedQuery(need.NeedId, CamilleAgent)))!.Satisfaction, Is.Null, "not shared yet");

        var shared = await SendAsync(new ShareSurveyAnswerCommand(need.NeedId, true, "Marie Lefèvre"));
        Assert.That(shared.Succeeded, Is.True, shared.Message);
        var camille = (await SendAsync(new ShowNeedQuery(need.NeedId, CamilleAgent)))!;
        Assert.That((camille.Satisfaction?.UsefulExchange, camille.Satisfaction?.SharedByName), Is.EqualTo(((bool?)false, "Marie Lefèvre")));
        Assert.That(camille.Timeline.Where(e => e.Kind == NeedEventKind.Satisfaction).Select(e => e.Summary), Is.EqualTo(new[]
        {
            "Questionnaire de satisfaction envoyé au demandeur.",
            "Le demandeur a répondu au questionnaire de satisfaction.",
            "Marie Lefèvre (équipe) a partagé l’avis du demandeur avec les conseillers qui ont pris le besoin en charge.",
        }));
        Assert.That((await SendAsync(new ShowNeedQuery(need.NeedId, BrunoAgent)))!.Satisfaction, Is.Null, "Bruno declined: not his to read");

        var list = await SendAsync(new ShowSurveyAnswersQuery(SurveyAnswersTab.Shared, 1));
        Assert.That(list.Answers.Select(a => (a.NeedId, a.HelpedBy)), Is.EqualTo(new[] { (need.NeedId, "Camille Martin (CCI Paris)") }));
        Assert.That(list.CountsByTab, Is.EquivalentTo(new Dictionary<string, int> { ["a-partager"] = 0, ["partages"] = 1, ["tous"] = 1 }));

        Assert.That((await SendAsync(new ShareSurveyAnswerCommand(need.NeedId, false, "Marie Lefèvre"))).Succeeded, Is.True);
        Assert.That((await SendAsync(new ShowNeedQuery(need.NeedId, CamilleAgent)))!.Satisfaction, Is.Null, "no longer shared");
        Assert.That((await SendAsync(new ShowSurveyAnswersQuery(SurveyAnswersTab.ToShare, 1))).Answers, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task An_answer_not_given_cannot_be_shared()
    {
        var need = await ClosedWithHelpAsync();
        await SurveyTokenAsync();
        var result = await SendAsync(new ShareSurveyAnswerCommand(need.NeedId, true, "Marie Lefèvre"));
        Assert.That((result.Succeeded, result.Message), Is.EqualTo((false,
            "Ce besoin n’a pas d’avis de l’entreprise à partager : le demandeur n’a pas répondu au questionnaire.")));
    }

    [Test]
    public async Task Past_the_retention_limit_the_comment_is_erased_and_the_link_opens_nothing()
    {
        var need = await ClosedWithHelpAsync();
        var token = await SurveyTokenAsync();
        Assert.That(await SendAsync(new AnswerSurveyCommand(token, true, true, "Mon numéro perso : 06 12 34 56 78")), Is.True);
        await using var connection = Connect();
        await connection.ExecuteAsync("update matching.need set created_at = now() - interval '4 years' where id = @NeedId", new { need.NeedId });

        await MatchingTestHost.Host.InScopeAsync(async sp =>
        {
            await sp.GetRequiredService<IPublisher>().Publish(new PersonalDataExpired(Guid.CreateVersion7(), DateTime.UtcNow.AddYears(-3)));
            return true;
        });

        Assert.That(await connection.QuerySingleAsync<(string, bool)>(
                "select comment, useful_exchange from matching.satisfaction_survey where need_id = @NeedId", new { need.NeedId }),
            Is.EqualTo(("Commentaire effacé (plus de 3 ans)", true)), "the answers stay for the counts");
        Assert.That(await SendAsync(new GetSurveyQuery(token)), Is.Null);
    }

    private static async Task<MatchingScenario> ClosedWithHelpAsync(string companyName = "BOULANGERIE MARTIN")
    {
        var need = await RouteAsync(companyName);
        await CloseWithHelpAsync(need);
        return need;
    }

    private static async Task CloseWithHelpAsync(MatchingScenario need)
    {
        Assert.That((await need.AnswerAsync(need.CamilleMatch, MatchAnswer.Take, CamilleAgent)).Succeeded, Is.True);
        Assert.That((await need.AnswerAsync(need.CamilleMatch, MatchAnswer.CloseWithHelp, CamilleAgent)).Succeeded, Is.True);
    }

    /// <summary>Runs the job ten days on, and leaves the clock there, and returns the token of the one survey it sent.</summary>
    private static async Task<string> SurveyTokenAsync()
    {
        MatchingTestHost.Clock.Set(DateTimeOffset.UtcNow.AddDays(10).AddMinutes(1));
        Assert.That(await Job().SendAsync(CancellationToken.None), Is.EqualTo(1));
        return TokenOf((await OutboxEventsAsync("SatisfactionSurveyDue")).Single());
    }

    private static string TokenOf(JsonElement due) => due.GetProperty("surveyPath").GetString()!["/satisfaction/".Length..];

    private static SendSatisfactionSurveysJob Job() => MatchingTestHost.Host.Services.GetRequiredService<SendSatisfactionSurveysJob>();
}
