using Mediator;
using PdE.Solicitations.Contracts;

namespace PdE.Matching.Tests.Fakes;

/// <summary>Stands in for the Solicitations module: answers who filed a request, and remembers every question asked.</summary>
internal sealed class SolicitationsQueriesFake : IQueryHandler<GetRequesterContact, RequesterContact?>
{
    public static RequesterContact? Contact { get; set; } = new("Jeanne Martin", "jeanne@boulangerie-martin.fr", "0612345678");

    public static List<object> Received { get; } = [];

    public ValueTask<RequesterContact?> Handle(GetRequesterContact query, CancellationToken cancellationToken)
    {
        Received.Add(query);
        return ValueTask.FromResult(Contact);
    }

    public static void Reset()
    {
        Contact = new("Jeanne Martin", "jeanne@boulangerie-martin.fr", "0612345678");
        Received.Clear();
    }
}
