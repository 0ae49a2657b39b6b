using TokenBroker.Core.Errors;
using TokenBroker.Core.Model;

namespace TokenBroker.Core.Operations;

/// <summary>GetAccessKeyInfo: the account that owns an access key id.</summary>
public static class GetAccessKeyInfoOperation
{
    /// <summary>The owning account: the directory's record for long-term keys, else the account encoded in the id.</summary>
    public static StsResult<string> Execute(DirectoryView directory, GetAccessKeyInfoRequest request)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(request);
        var id = request.AccessKeyId;
        if (directory.FindAccessKey(id) is { } key)
        {
            return key.Account.Value;
        }

        // AWS answers for any well-formed key id from the account bits it carries, without revealing whether it exists.
        return AccessKeyIdAccount.TryDecode(id, out var account)
            ? account.Value
            : StsErrors.InvalidParameterValue("The specified access key ID is not valid.");
    }
}
