using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;

namespace PdE.Host.Infrastructure;

/// <summary>
/// What a form says when a value cannot even be read (letters in a number field): in French, as every other message of the
/// site, instead of ASP.NET Core's English defaults.
/// </summary>
public static class FrenchBindingMessages
{
    public static void Apply(DefaultModelBindingMessageProvider messages)
    {
        messages.SetAttemptedValueIsInvalidAccessor((value, _) => $"La valeur « {value} » n’est pas valide : corrigez-la.");
        messages.SetNonPropertyAttemptedValueIsInvalidAccessor(value => $"La valeur « {value} » n’est pas valide : corrigez-la.");
        messages.SetValueIsInvalidAccessor(value => $"La valeur « {value} » n’est pas valide : corrigez-la.");
        messages.SetValueMustBeANumberAccessor(_ => "Indiquez un nombre, en chiffres.");
        messages.SetNonPropertyValueMustBeANumberAccessor(() => "Indiquez un nombre, en chiffres.");
        messages.SetValueMustNotBeNullAccessor(_ => "Ce champ est obligatoire.");
        messages.SetMissingBindRequiredValueAccessor(_ => "Ce champ est obligatoire.");
        messages.SetMissingKeyOrValueAccessor(() => "Ce champ est obligatoire.");
        messages.SetMissingRequestBodyRequiredValueAccessor(() => "Le formulaire est vide : remplissez-le et envoyez-le de nouveau.");
        messages.SetUnknownValueIsInvalidAccessor(_ => "Cette valeur n’est pas valide : corrigez-la.");
        messages.SetNonPropertyUnknownValueIsInvalidAccessor(() => "Cette valeur n’est pas valide : corrigez-la.");
    }
}
