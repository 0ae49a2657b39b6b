namespace TokenBroker.Embedded.Sqlite;

/// <summary>
/// The database schema as an ordered list of migrations; migration N brings the schema to version N. Append new
/// migrations (revocation cutoffs, replay cache, audit log) at the end, never edit a published one.
/// </summary>
internal static class SchemaMigrations
{
    public static IReadOnlyList<string> All { get; } =
    [
        // Version 1: key records and the directory. Lists of value objects (inline policies, managed policy ARNs,
        // group names, tags) are JSON columns: they are always read and written with their owner.
        """
        CREATE TABLE key_records (
            name TEXT PRIMARY KEY,
            value BLOB NOT NULL) STRICT;

        CREATE TABLE accounts (
            account_id TEXT PRIMARY KEY CHECK (length(account_id) = 12)) STRICT;

        CREATE TABLE iam_users (
            account_id TEXT NOT NULL REFERENCES accounts (account_id),
            user_name TEXT NOT NULL,
            user_id TEXT NOT NULL UNIQUE,
            path TEXT NOT NULL,
            policies TEXT NOT NULL,
            managed_policy_arns TEXT NOT NULL,
            group_names TEXT NOT NULL,
            permissions_boundary_arn TEXT,
            tags TEXT NOT NULL,
            PRIMARY KEY (account_id, user_name)) STRICT;
        CREATE UNIQUE INDEX iam_users_name_nocase ON iam_users (account_id, user_name COLLATE NOCASE);

        CREATE TABLE iam_groups (
            account_id TEXT NOT NULL REFERENCES accounts (account_id),
            group_name TEXT NOT NULL,
            group_id TEXT NOT NULL UNIQUE,
            path TEXT NOT NULL,
            policies TEXT NOT NULL,
            managed_policy_arns TEXT NOT NULL,
            PRIMARY KEY (account_id, group_name)) STRICT;
        CREATE UNIQUE INDEX iam_groups_name_nocase ON iam_groups (account_id, group_name COLLATE NOCASE);

        CREATE TABLE managed_policies (
            policy_arn TEXT PRIMARY KEY,
            account_id TEXT NOT NULL REFERENCES accounts (account_id),
            policy_name TEXT NOT NULL,
            policy_id TEXT NOT NULL UNIQUE,
            path TEXT NOT NULL,
            document TEXT NOT NULL) STRICT;
        CREATE UNIQUE INDEX managed_policies_name_nocase ON managed_policies (account_id, policy_name COLLATE NOCASE);

        CREATE TABLE iam_roles (
            account_id TEXT NOT NULL REFERENCES accounts (account_id),
            role_name TEXT NOT NULL,
            role_id TEXT NOT NULL UNIQUE,
            path TEXT NOT NULL,
            trust_policy TEXT NOT NULL,
            policies TEXT NOT NULL,
            managed_policy_arns TEXT NOT NULL,
            max_session_duration INTEGER NOT NULL CHECK (max_session_duration BETWEEN 3600 AND 43200),
            permissions_boundary_arn TEXT,
            tags TEXT NOT NULL,
            PRIMARY KEY (account_id, role_name)) STRICT;
        CREATE UNIQUE INDEX iam_roles_name_nocase ON iam_roles (account_id, role_name COLLATE NOCASE);

        CREATE TABLE access_keys (
            access_key_id TEXT PRIMARY KEY,
            account_id TEXT NOT NULL,
            user_name TEXT NOT NULL,
            secret BLOB NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('Active', 'Inactive')),
            created_at INTEGER NOT NULL,
            last_used_at INTEGER,
            FOREIGN KEY (account_id, user_name) REFERENCES iam_users (account_id, user_name)) STRICT;
        CREATE INDEX access_keys_user ON access_keys (account_id, user_name);

        -- IAM allows at most two access keys per user; the store holds that line even if a caller does not.
        CREATE TRIGGER access_keys_per_user BEFORE INSERT ON access_keys
        WHEN (SELECT count(*) FROM access_keys WHERE account_id = NEW.account_id AND user_name = NEW.user_name) >= 2
        BEGIN
            SELECT RAISE(ABORT, 'a user has at most 2 access keys');
        END;

        CREATE TABLE mfa_devices (
            serial_number TEXT PRIMARY KEY,
            account_id TEXT NOT NULL,
            user_name TEXT NOT NULL,
            seed BLOB NOT NULL,
            FOREIGN KEY (account_id, user_name) REFERENCES iam_users (account_id, user_name)) STRICT;

        -- Not part of the directory snapshot: replacing the directory must not make a used TOTP step usable again.
        CREATE TABLE totp_steps (
            serial_number TEXT PRIMARY KEY,
            last_step INTEGER NOT NULL) STRICT;
        """,

        // Version 2: revocation cutoffs and the audit log. Times are Unix milliseconds. expires_at is the TTL the
        // DynamoDB adapter gives the same items (a cutoff outlives the longest session it can concern; audit records
        // are kept for the retention period).
        """
        CREATE TABLE revocation_cutoffs (
            scope TEXT NOT NULL,
            subject TEXT NOT NULL,
            cutoff INTEGER NOT NULL,
            expires_at INTEGER NOT NULL,
            PRIMARY KEY (scope, subject)) STRICT;

        CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY,
            time INTEGER NOT NULL,
            request_id TEXT NOT NULL,
            action TEXT NOT NULL,
            outcome TEXT NOT NULL CHECK (outcome IN ('Success', 'Failure')),
            error_code TEXT,
            caller_arn TEXT,
            caller_access_key_id TEXT,
            source_ip TEXT,
            user_agent TEXT,
            role_arn TEXT,
            session_name TEXT,
            source_identity TEXT,
            issued_access_key_id TEXT,
            expiration INTEGER,
            packed_policy_size INTEGER,
            expires_at INTEGER NOT NULL) STRICT;
        CREATE INDEX audit_log_time ON audit_log (time);
        """,

        // Version 3: federation. SAML providers (entity ID and metadata signing certificates), OIDC providers (issuer
        // URL, client IDs, thumbprints) and the replay cache of one-time values (assertion IDs, jti). The replay
        // cache is not part of the directory snapshot: replacing the directory must not make a used token usable again.
        """
        CREATE TABLE saml_providers (
            account_id TEXT NOT NULL REFERENCES accounts (account_id),
            name TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            signing_certificates TEXT NOT NULL,
            allow_sha1 INTEGER NOT NULL CHECK (allow_sha1 IN (0, 1)),
            decryption_key_id TEXT,
            PRIMARY KEY (account_id, name)) STRICT;
        CREATE UNIQUE INDEX saml_providers_name_nocase ON saml_providers (account_id, name COLLATE NOCASE);

        CREATE TABLE oidc_providers (
            account_id TEXT NOT NULL REFERENCES accounts (account_id),
            url TEXT NOT NULL,
            client_ids TEXT NOT NULL,
            thumbprints TEXT NOT NULL,
            allowed_algorithms TEXT,
            allow_http_loopback INTEGER NOT NULL CHECK (allow_http_loopback IN (0, 1)),
            PRIMARY KEY (account_id, url)) STRICT;

        CREATE TABLE replay_cache (
            key TEXT PRIMARY KEY,
            expires_at INTEGER NOT NULL) STRICT;
        CREATE INDEX replay_cache_expiry ON replay_cache (expires_at);
        """,

        // Version 4: encrypted SAML assertions (IAM AssertionEncryptionMode and PrivateKeyList). The never-used
        // decryption_key_id gives way to the mode and a table of private keys, each sealed under the directory data key
        // as access-key secrets are; IAM allows a provider at most two keys, so one can be rotated at a time.
        """
        ALTER TABLE saml_providers DROP COLUMN decryption_key_id;
        ALTER TABLE saml_providers ADD COLUMN assertion_encryption_mode TEXT NOT NULL DEFAULT 'Allowed'
            CHECK (assertion_encryption_mode IN ('Allowed', 'Required'));

        CREATE TABLE saml_private_keys (
            account_id TEXT NOT NULL,
            provider_name TEXT NOT NULL,
            key_id TEXT NOT NULL,
            timestamp INTEGER NOT NULL,
            private_key BLOB NOT NULL,
            PRIMARY KEY (account_id, provider_name, key_id),
            FOREIGN KEY (account_id, provider_name) REFERENCES saml_providers (account_id, name)) STRICT;

        CREATE TRIGGER saml_private_keys_per_provider BEFORE INSERT ON saml_private_keys
        WHEN (SELECT count(*) FROM saml_private_keys WHERE account_id = NEW.account_id AND provider_name = NEW.provider_name) >= 2
        BEGIN
            SELECT RAISE(ABORT, 'a SAML provider has at most 2 private keys');
        END;
        """,

        // Version 5: directory versions. Every replace writes a new random version in the same transaction, so a
        // reader can tell with one cheap read whether the directory it holds is still current, and load a new one whole.
        """
        CREATE TABLE directory_version (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            version TEXT NOT NULL) STRICT;
        INSERT INTO directory_version (id, version) VALUES (1, lower(hex(randomblob(16))));
        """,

        // Version 6: MFA lockout (docs/security.md). The failed-code count and lock of each device, outside the directory
        // snapshot as totp_steps is (replacing the directory must not unlock a device); locked_until in Unix
        // milliseconds. Audit records of MFA events name the device.
        """
        CREATE TABLE mfa_attempts (
            serial_number TEXT PRIMARY KEY,
            failures INTEGER NOT NULL CHECK (failures >= 0),
            locked_until INTEGER) STRICT;

        ALTER TABLE audit_log ADD COLUMN mfa_serial_number TEXT;
        """,

        // Version 7: outbound web identity federation (GetWebIdentityToken), switched on per account as IAM's
        // EnableOutboundWebIdentityFederation does; off unless the directory file says otherwise.
        """
        ALTER TABLE accounts ADD COLUMN outbound_web_identity_federation INTEGER NOT NULL DEFAULT 0
            CHECK (outbound_web_identity_federation IN (0, 1));
        """,

        // Version 8: service catalogs of the data plane (docs/authorize.md). A catalog is always read and written whole,
        // so it is one JSON document per service (ServiceCatalogJson); its proxy keys are in it as SHA-256 hashes only.
        """
        CREATE TABLE service_catalogs (
            prefix TEXT PRIMARY KEY,
            account_id TEXT NOT NULL REFERENCES accounts (account_id),
            catalog TEXT NOT NULL) STRICT;
        """,

        // Version 9: usage records and credential ownership (credential report, GetAccessKeyLastUsed, access advisor). Outside the directory
        // snapshot: replacing the directory must not forget who used what. Times are Unix milliseconds; a write keeps
        // the later use. The last use of each long-term key, and each IAM user's or role's last attempt at each action.
        """
        CREATE TABLE access_key_usage (
            access_key_id TEXT PRIMARY KEY,
            used_at INTEGER NOT NULL,
            region TEXT NOT NULL,
            service TEXT NOT NULL) STRICT;

        CREATE TABLE action_usage (
            entity_arn TEXT NOT NULL,
            service TEXT NOT NULL,
            action TEXT NOT NULL,
            used_at INTEGER NOT NULL,
            region TEXT NOT NULL,
            PRIMARY KEY (entity_arn, service, action)) STRICT;

        -- Generated reports (the credential report), written once per name, shared by every process.
        CREATE TABLE reports (
            name TEXT PRIMARY KEY,
            generated_at INTEGER NOT NULL,
            content BLOB NOT NULL) STRICT;

        -- Ownership (docs/iam.md): keys and MFA devices created through the IAM API are the API's, and directory apply
        -- leaves them alone. A virtual MFA device exists unassigned (no user) until EnableMFADevice; enable_date in ticks.
        ALTER TABLE access_keys ADD COLUMN origin TEXT NOT NULL DEFAULT 'File' CHECK (origin IN ('File', 'Api'));

        CREATE TABLE mfa_devices_v8 (
            serial_number TEXT PRIMARY KEY,
            account_id TEXT NOT NULL REFERENCES accounts (account_id),
            user_name TEXT,
            seed BLOB NOT NULL,
            enable_date INTEGER,
            origin TEXT NOT NULL DEFAULT 'File' CHECK (origin IN ('File', 'Api')),
            FOREIGN KEY (account_id, user_name) REFERENCES iam_users (account_id, user_name)) STRICT;
        INSERT INTO mfa_devices_v8 (serial_number, account_id, user_name, seed) SELECT serial_number, account_id, user_name, seed FROM mfa_devices;
        DROP TABLE mfa_devices;
        ALTER TABLE mfa_devices_v8 RENAME TO mfa_devices;
        """,

        // Version 10: audit records of IAM API calls (docs/iam.md, "Audit") keep the request's identifiers and a
        // write's non-secret response elements, as JSON objects. The last use of a key lives in access_key_usage
        // (version 9), so the never-written last_used_at column goes.
        """
        ALTER TABLE audit_log ADD COLUMN request_parameters TEXT;
        ALTER TABLE audit_log ADD COLUMN response_elements TEXT;
        ALTER TABLE access_keys DROP COLUMN last_used_at;
        """,

        // Version 11: reports that expire (access advisor jobs, docs/iam.md). expires_at in Unix milliseconds, null for
        // reports kept (the credential report); expired rows are deleted when the next expiring report is written.
        """
        ALTER TABLE reports ADD COLUMN expires_at INTEGER;
        """,
    ];
}
