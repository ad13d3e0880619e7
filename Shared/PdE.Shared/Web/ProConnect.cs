namespace PdE.Shared.Web;

/// <summary>
/// What the Host (which runs the OpenID Connect handler, docs/proconnect.md) and the Directory's sign-in pages (which show
/// the button and the refusals) agree on for signing in with ProConnect, the State's identity federation for agents.
/// </summary>
public static class ProConnect
{
    /// <summary>The authentication scheme of the OpenID Connect handler, registered only when <c>ProConnect:Authority</c> is set.</summary>
    public const string Scheme = "ProConnect";

    /// <summary>The form the button posts to: it sends the agent to ProConnect.</summary>
    public const string StartPath = "/connexion/proconnect";

    /// <summary>Where ProConnect sends the agent back (the redirect URI to declare with ProConnect).</summary>
    public const string CallbackPath = "/connexion/proconnect/retour";

    /// <summary>The local address the agent asked for before signing in, kept in the handler's protected state.</summary>
    public const string ReturnUrlItem = "pde:return_url";

    /// <summary>The query parameter of <c>/connexion</c> that says why a ProConnect sign-in ended there.</summary>
    public const string OutcomeParameter = "proconnect";

    /// <summary>The e-mail address ProConnect sent for an account that was refused, kept one request in TempData for the message.</summary>
    public const string RefusedEmailTempData = "ProConnectRefusedEmail";

    /// <summary>Why a ProConnect sign-in ended on <c>/connexion</c> (<see cref="OutcomeParameter"/>).</summary>
    public static class Outcomes
    {
        /// <summary>No active account has the address ProConnect verified (unknown, deleted, or ProConnect sent none).</summary>
        public const string NoAccount = "aucun-compte";

        /// <summary>The account exists but its owner has not accepted the invitation yet (no password chosen).</summary>
        public const string InvitationPending = "invitation-en-attente";

        /// <summary>The agent cancelled on ProConnect, or ProConnect refused (error=access_denied).</summary>
        public const string Cancelled = "annulee";

        /// <summary>ProConnect could not be reached to start (its discovery document did not load).</summary>
        public const string Unavailable = "indisponible";

        /// <summary>Anything else: ProConnect's error, an answer that did not check out (state, nonce, signature), an expired attempt.</summary>
        public const string Failed = "echec";
    }
}
