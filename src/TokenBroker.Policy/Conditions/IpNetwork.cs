namespace TokenBroker.Policy.Conditions;

/// <summary>A CIDR block compared bytewise, so matching needs no allocation.</summary>
internal sealed class IpNetwork
{
    private readonly byte[] _network;
    private readonly int _prefix;

    public IpNetwork(byte[] address, int prefix)
    {
        _prefix = prefix;
        _network = address;
        for (var bit = prefix; bit < address.Length * 8; bit++)
        {
            _network[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        }
    }

    /// <summary>Gets a value indicating whether the address lies in the block; IPv4 never matches an IPv6 block.</summary>
    public bool Contains(byte[] address)
    {
        if (address.Length != _network.Length)
        {
            return false;
        }

        var fullBytes = _prefix / 8;
        if (!address.AsSpan(0, fullBytes).SequenceEqual(_network.AsSpan(0, fullBytes)))
        {
            return false;
        }

        var remaining = _prefix % 8;
        if (remaining == 0)
        {
            return true;
        }

        var mask = (byte)(0xFF << (8 - remaining));
        return (address[fullBytes] & mask) == _network[fullBytes];
    }
}
