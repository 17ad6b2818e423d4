namespace GPTailor.Search;

/// <summary>What <see cref="HyperbandScheduler"/> tells its optimizer for a configuration that is final.</summary>
public enum HyperbandTellMode
{
    /// <summary>
    /// The value of the configuration's last result, whatever its budget: a score on fewer documents is a noisier
    /// estimate of the same quantity, so configurations of different brackets are ranked on comparable values.
    /// </summary>
    LastValue,

    /// <summary>
    /// <see cref="SchedulerTellValue.Encode"/>: budget level first, then the value, so a configuration that reached a
    /// higher budget always ranks better (whatever its value, and even when it started there in a later bracket).
    /// </summary>
    LevelEncoded,
}
