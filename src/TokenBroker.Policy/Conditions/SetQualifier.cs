namespace TokenBroker.Policy.Conditions;

/// <summary>The set operators that prefix a condition operator for multivalued context keys.</summary>
internal enum SetQualifier
{
    None,
    ForAllValues,
    ForAnyValue,
}
