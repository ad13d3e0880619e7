using Mediator;
using PdE.Solicitations.Contracts;

namespace PdE.Notifications.Tests.Fakes;

/// <summary>Stands in for the Solicitations module: answers who filed a request (the same requester for every request unless a test says otherwise).</summary>
internal sealed class SolicitationsQueriesFake : IQueryHandler<GetRequesterContact, RequesterContact?>
{
    public static RequesterContact? Contact { get; set; } = Jeanne;

    public static RequesterContact Jeanne => new("Jeanne Martin", "jeanne@boulangerie-martin.fr", "0612345678");

    public static List<GetRequesterContact> Received { get; } = [];

    public ValueTask<RequesterContact?> Handle(GetRequesterContact query, CancellationToken cancellationToken)
    {
        Received.Add(query);
        return ValueTask.FromResult(Contact);
    }

    public static void Reset()
    {
        Contact = Jeanne;
        Received.Clear();
    }
}
