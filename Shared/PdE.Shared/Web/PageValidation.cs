using FluentValidation;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.DependencyInjection;

namespace PdE.Shared.Web;

/// <summary>
/// FluentValidation has no MVC integration at the versions served here: a PageModel validates its command itself.
/// The validator is resolved from the request's services because module commands and validators are internal,
/// so they cannot appear in a public PageModel's constructor.
/// </summary>
public static class PageValidation
{
    /// <summary>Copies each failure into ModelState, under <c>prefix.Property</c>, or under <paramref name="key"/> when given.</summary>
    /// <returns>Whether ModelState is still valid.</returns>
    public static async Task<bool> ValidateIntoModelStateAsync<T>(
        this PageModel page, T instance, string prefix, CancellationToken cancellationToken, string? key = null)
    {
        var validator = page.HttpContext.RequestServices.GetRequiredService<IValidator<T>>();
        foreach (var error in (await validator.ValidateAsync(instance, cancellationToken)).Errors)
        {
            page.ModelState.AddModelError(key ?? $"{prefix}.{error.PropertyName}", error.ErrorMessage);
        }

        return page.ModelState.IsValid;
    }
}
