using Mediator;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PdE.Shared.Web;

namespace PdE.Directory.Features.Shared;

/// <summary>What a create/edit handler answers: the saved row, or the field it refused and why (in French).</summary>
internal sealed record SaveResult(Guid? Id, string? Field = null, string? Error = null)
{
    public static SaveResult Refused(string? field, string error) => new(null, field, error);
}

internal static class SavedForm
{
    /// <summary>Validates the command into ModelState, sends it, and puts a refusal under its field (or above the form). Null when not saved.</summary>
    public static async Task<Guid?> SaveAsync<TCommand>(this PageModel page, IMediator mediator, TCommand command, CancellationToken cancellationToken)
        where TCommand : ICommand<SaveResult>
    {
        if (!await page.ValidateIntoModelStateAsync(command, "Input", cancellationToken))
        {
            return null;
        }

        var result = await mediator.Send(command, cancellationToken);
        if (result.Id is null)
        {
            page.ModelState.AddModelError(result.Field is null ? string.Empty : $"Input.{result.Field}", result.Error!);
        }

        return result.Id;
    }
}
