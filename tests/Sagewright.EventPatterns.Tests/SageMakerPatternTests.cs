namespace Sagewright.EventPatterns.Tests;

/// <summary>The rule a model-approval pipeline puts on the default bus, against the event SageMaker Model Registry sends.</summary>
public sealed class SageMakerPatternTests
{
    private const string ApprovalPattern =
        """{"source":["aws.sagemaker"],"detail-type":["SageMaker Model Package State Change"],"detail":{"ModelApprovalStatus":["Approved"]}}""";

    private const string StateChangeEvent = """
        {
          "version": "0",
          "id": "8f4b2d3c-1e5a-4c1b-9a3e-2f6d7c8b9a01",
          "detail-type": "SageMaker Model Package State Change",
          "source": "aws.sagemaker",
          "account": "123456789012",
          "time": "2026-11-25T01:00:00Z",
          "region": "us-east-1",
          "resources": ["arn:aws:sagemaker:us-east-1:123456789012:model-package/churn/3"],
          "detail": {
            "ModelPackageGroupName": "churn",
            "ModelPackageVersion": 3,
            "ModelPackageArn": "arn:aws:sagemaker:us-east-1:123456789012:model-package/churn/3",
            "CreationTime": 1764032400000,
            "InferenceSpecification": {"Containers": [{"Image": "683313688378.dkr.ecr.us-east-1.amazonaws.com/xgb:1.7", "ModelDataUrl": "s3://models/churn/3/model.tar.gz"}]},
            "ModelApprovalStatus": "STATUS",
            "ModelPackageStatus": "Completed"
          }
        }
        """;

    [Theory]
    [InlineData("Approved", true)]
    [InlineData("PendingManualApproval", false)]
    [InlineData("Rejected", false)]
    [InlineData("approved", false)]
    public void ApprovalPattern_MatchesOnlyApprovedPackages(string status, bool expected) =>
        PatternCase.AssertMatch(ApprovalPattern, StateChangeEvent.Replace("STATUS", status), expected);

    [Fact]
    public void ApprovalPattern_IgnoresOtherSources()
    {
        var fromElsewhere = StateChangeEvent.Replace("STATUS", "Approved").Replace("\"aws.sagemaker\"", "\"custom.pipeline\"");
        Assert.False(EventPattern.Parse(ApprovalPattern).Matches(fromElsewhere));
    }

    [Fact]
    public void GroupPattern_MatchesByPrefixAndNumericVersion()
    {
        var pattern = EventPattern.Parse(
            """{"source":["aws.sagemaker"],"detail":{"ModelPackageGroupName":[{"prefix":"ch"}],"ModelPackageVersion":[{"numeric":[">=",3]}],"InferenceSpecification":{"Containers":{"ModelDataUrl":[{"wildcard":"s3://models/*"}]}}}}""");
        Assert.True(pattern.Matches(StateChangeEvent));
        Assert.False(pattern.Matches(StateChangeEvent.Replace("\"ModelPackageVersion\": 3", "\"ModelPackageVersion\": 2")));
    }
}
