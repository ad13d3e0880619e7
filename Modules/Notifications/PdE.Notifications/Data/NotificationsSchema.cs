namespace PdE.Notifications.Data;

internal static class NotificationsSchema
{
    public const string Name = "notifications";
}
