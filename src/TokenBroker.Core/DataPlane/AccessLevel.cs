namespace TokenBroker.Core.DataPlane;

/// <summary>The five access levels of AWS's Service Authorization Reference (access_policies_understand-policy-summary-access-level-summaries).</summary>
public enum AccessLevel
{
    /// <summary>Lists resources without reading their content.</summary>
    List,

    /// <summary>Reads resources and their attributes.</summary>
    Read,

    /// <summary>Creates, changes or deletes resources.</summary>
    Write,

    /// <summary>Grants or changes permissions on resources.</summary>
    PermissionsManagement,

    /// <summary>Changes only the tags of resources.</summary>
    Tagging,
}
