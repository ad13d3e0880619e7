namespace PdE.Stats.Data;

/// <summary>
/// The categories /stats groups companies by, from the codes the events carry: the activity's NAF section (the letter of
/// its division) and a size class of INSEE headcount brackets, with their French labels (the commune's département is
/// <see cref="PdE.Shared.Text.InseeCodes.DepartementOf"/>).
/// </summary>
internal static class CompanyCategories
{
    /// <summary>The NAF rev. 2 sections by their first division: "10.71C" is division 10, section C.</summary>
    private static readonly (int FirstDivision, string Section)[] SectionStarts =
    [
        (1, "A"), (5, "B"), (10, "C"), (35, "D"), (36, "E"), (41, "F"), (45, "G"), (49, "H"), (55, "I"), (58, "J"), (64, "K"),
        (68, "L"), (69, "M"), (77, "N"), (84, "O"), (85, "P"), (86, "Q"), (90, "R"), (94, "S"), (97, "T"), (99, "U"),
    ];

    public static readonly IReadOnlyDictionary<string, string> NafSections = new Dictionary<string, string>
    {
        ["A"] = "Agriculture, sylviculture et pêche",
        ["B"] = "Industries extractives",
        ["C"] = "Industrie manufacturière",
        ["D"] = "Production et distribution d’électricité, de gaz, de vapeur et d’air conditionné",
        ["E"] = "Production et distribution d’eau, assainissement, gestion des déchets et dépollution",
        ["F"] = "Construction",
        ["G"] = "Commerce, réparation d’automobiles et de motocycles",
        ["H"] = "Transports et entreposage",
        ["I"] = "Hébergement et restauration",
        ["J"] = "Information et communication",
        ["K"] = "Activités financières et d’assurance",
        ["L"] = "Activités immobilières",
        ["M"] = "Activités spécialisées, scientifiques et techniques",
        ["N"] = "Activités de services administratifs et de soutien",
        ["O"] = "Administration publique",
        ["P"] = "Enseignement",
        ["Q"] = "Santé humaine et action sociale",
        ["R"] = "Arts, spectacles et activités récréatives",
        ["S"] = "Autres activités de services",
        ["T"] = "Activités des ménages en tant qu’employeurs",
        ["U"] = "Activités extra-territoriales",
    };

    public static string? NafSectionOf(string? nafCode)
    {
        if (nafCode is not { Length: >= 2 } || !int.TryParse(nafCode.AsSpan(0, 2), out var division) || division < 1)
        {
            return null;
        }

        return SectionStarts.Last(start => start.FirstDivision <= division).Section;
    }

    /// <summary>
    /// Size classes in the order a reader expects them, with their column in the statistics' cubes. Which INSEE headcount
    /// brackets each gathers is <c>stats.request_delta</c>'s (migration stats/0007): NN and 00; 01–03; 11–12; 21, 22, 31; 32 and up.
    /// </summary>
    public static readonly IReadOnlyList<(string Key, string Label, string Column)> SizeClasses =
    [
        ("0", "Sans salarié", "size_0"),
        ("1-9", "1 à 9 salariés", "size_1_9"),
        ("10-49", "10 à 49 salariés", "size_10_49"),
        ("50-249", "50 à 249 salariés", "size_50_249"),
        ("250+", "250 salariés ou plus", "size_250_plus"),
    ];
}
