namespace EdgeLstm.EdgeAgent.Tests.TestSupport;

/// <summary>Waits for a condition that other threads make true; the limit is generous and never asserted as a timing.</summary>
internal static class Eventually
{
    public static async Task<bool> TrueAsync(Func<bool> condition, int seconds = 20)
    {
        DateTime limit = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > limit)
            {
                return false;
            }

            await Task.Delay(20);
        }

        return true;
    }
}
