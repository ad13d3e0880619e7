using Mediator;

namespace PdE.Directory.Contracts;

/// <summary>
/// What the public site offers: the themes and their subjects, in display order, without archived subjects
/// and without the team's internal "support" subject.
/// </summary>
public sealed record GetPublicCatalogue : IQuery<IReadOnlyList<PublicTheme>>;

/// <summary>A theme of the catalogue with the subjects shown under it.</summary>
/// <param name="Slug">URL name, e.g. <c>financement-tresorerie</c>.</param>
/// <param name="Label">Shown as the tile title.</param>
/// <param name="Subjects">Its public subjects, in display order.</param>
public sealed record PublicTheme(string Slug, string Label, IReadOnlyList<PublicSubject> Subjects);

/// <summary>A subject as the request form needs it.</summary>
/// <param name="Slug">URL name, e.g. <c>financer-projet</c>.</param>
/// <param name="Label">Short title.</param>
/// <param name="Description">One or two sentences on what the subject covers.</param>
/// <param name="Guidance">Helps the person write the description (step 3); null when the subject has none.</param>
/// <param name="Prompt">Pre-fills the description box; the form refuses it unchanged. Null: the box starts empty.</param>
/// <param name="AsksCommune">Step 2 asks for the commune instead of the company (people with a project and no company yet).</param>
/// <param name="AsksAmount">Step 2 also asks for the amount sought, in euros.</param>
/// <param name="IsOtherRequest">The "Autre demande" subject: where requests that fit no subject go.</param>
/// <param name="Questions">Yes/no questions asked at step 3, in order.</param>
public sealed record PublicSubject(
    string Slug,
    string Label,
    string? Description,
    string? Guidance,
    string? Prompt,
    bool AsksCommune,
    bool AsksAmount,
    bool IsOtherRequest,
    IReadOnlyList<SubjectQuestion> Questions);

/// <summary>A yes/no question of a subject.</summary>
/// <param name="Slug">Stable name of the question within its subject.</param>
/// <param name="Label">The question as asked, e.g. "Avez-vous déjà un financement bancaire ?".</param>
public sealed record SubjectQuestion(string Slug, string Label);

/// <summary>Which communes have this postcode? (Several communes often share one.)</summary>
/// <param name="Postcode">Five digits; spaces are ignored.</param>
public sealed record FindCommunesByPostcode(string Postcode) : IQuery<IReadOnlyList<CommuneChoice>>;

/// <summary>A commune by its INSEE code, e.g. <c>35238</c> Rennes.</summary>
public sealed record CommuneChoice(string Code, string Name);
