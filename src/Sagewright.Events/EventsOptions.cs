namespace Sagewright.Events;

public sealed class EventsOptions
{
    /// <summary>How often a worker looks at the database without an in-process signal (events put by another replica).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Deliveries running at once across targets; each target's own deliveries run one after another.</summary>
    public int MaxConcurrentDeliveries { get; set; } = 16;

    /// <summary>How long one DeliverAsync may take before it counts as a retryable failure.</summary>
    public TimeSpan DeliveryTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Added to a claim's lease beyond the delivery timeouts, so a slow but live dispatcher keeps its rows.</summary>
    public TimeSpan LeaseMargin { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>First retry delay; each further retry doubles it (with jitter) up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    public int RouteBatchSize { get; set; } = 100;

    public int DispatchBatchSize { get; set; } = 100;

    /// <summary>Runs the router, dispatcher and scheduler as hosted services (tests drive them by hand).</summary>
    public bool RunWorkers { get; set; } = true;
}
