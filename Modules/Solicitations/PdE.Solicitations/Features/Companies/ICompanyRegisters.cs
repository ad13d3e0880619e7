namespace PdE.Solicitations.Features.Companies;

/// <summary>What one register says of a company.</summary>
internal enum Registration
{
    /// <summary>Not asked, or the source could not tell (down, refused, or it does not know this register).</summary>
    Unknown,
    Registered,
    NotRegistered,
}

/// <summary>The answer of <see cref="ICompanyRegisters"/>.</summary>
/// <param name="WorthRetrying">A source failed (down, slow, token refused): asking again later may tell more.</param>
internal sealed record RegistersCheck(Registration Rcs, Registration Rm, bool WorthRetrying)
{
    public static RegistersCheck Failed { get; } = new(Registration.Unknown, Registration.Unknown, WorthRetrying: true);

    public static bool? AsFlag(Registration registration) => registration switch
    {
        Registration.Registered => true,
        Registration.NotRegistered => false,
        _ => null,
    };
}

/// <summary>
/// Is the company of a SIRET in the RCS (registre du commerce et des sociétés) and in the RM (répertoire des métiers)?
/// Never throws for a source failure: the answer is <see cref="Registration.Unknown"/>, never "not registered".
/// </summary>
internal interface ICompanyRegisters
{
    Task<RegistersCheck> CheckAsync(string siret, CancellationToken cancellationToken);
}
