using System.Diagnostics.CodeAnalysis;

namespace TokenBroker.Core.Errors;

/// <summary>Either a value or the STS error that explains why there is none; expected failures are values, not exceptions.</summary>
public readonly struct StsResult<T>
{
    private readonly T? _value;

    private StsResult(T? value, StsError? error)
    {
        _value = value;
        Error = error;
    }

    /// <summary>The error, or null on success.</summary>
    public StsError? Error { get; }

    /// <summary>True when there is a value; false exactly when <see cref="Error"/> is set.</summary>
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    /// <summary>The value; only read it after checking <see cref="IsSuccess"/>.</summary>
    public T Value => Error is null ? _value! : throw new InvalidOperationException("The result is an error: " + Error.Code);

    /// <summary>A success carrying <paramref name="value"/>.</summary>
    public static implicit operator StsResult<T>(T value) => new(value, null);

    /// <summary>A failure carrying <paramref name="error"/>.</summary>
    public static implicit operator StsResult<T>(StsError error) => new(default, error);
}
