using Sagewright.Data;

namespace Sagewright.SageMaker.Hosting;

internal static partial class HostingStore
{
    private const string ModelsTable = "sagemaker_models";

    public static Task<bool> InsertModelAsync(DbSession db, HostingName id, DateTimeOffset now, string details) =>
        InsertAsync(db, ModelsTable, id, now, details);

    public static Task<HostingRecord?> FindModelAsync(DbSession db, HostingName id) => FindAsync(db, ModelsTable, id);

    public static Task<bool> DeleteModelAsync(DbSession db, HostingName id) => DeleteAsync(db, ModelsTable, id);

    public static Task<IReadOnlyList<HostingRecord>> ListModelsAsync(DbSession db, string accountId, string region, HostingListQuery query) =>
        ListAsync(db, ModelsTable, accountId, region, query);
}
