namespace PdE.Solicitations.Features.RequestForm;

/// <summary>What the request form's stepper and error summary need: which step, and the fields in page order.</summary>
internal sealed record FormStep(int Number, string Title, string? NextTitle, string[] FieldOrder)
{
    public const int Count = 3;
}
