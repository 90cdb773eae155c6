using Sagewright.Data;

namespace Sagewright.SageMaker.Hosting;

internal static partial class HostingStore
{
    private const string EndpointConfigsTable = "sagemaker_endpoint_configs";

    public static Task<bool> InsertEndpointConfigAsync(DbSession db, HostingName id, DateTimeOffset now, string details) =>
        InsertAsync(db, EndpointConfigsTable, id, now, details);

    public static Task<HostingRecord?> FindEndpointConfigAsync(DbSession db, HostingName id) => FindAsync(db, EndpointConfigsTable, id);

    public static Task<bool> DeleteEndpointConfigAsync(DbSession db, HostingName id) => DeleteAsync(db, EndpointConfigsTable, id);

    public static Task<IReadOnlyList<HostingRecord>> ListEndpointConfigsAsync(DbSession db, string accountId, string region, HostingListQuery query) =>
        ListAsync(db, EndpointConfigsTable, accountId, region, query);
}
