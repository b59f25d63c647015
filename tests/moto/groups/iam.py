"""Seed for the IAM checks (group "iam", prefix "t-iam-").

main:     per-resource PASS/FAIL pairs for users, roles, groups, customer policies and server
          certificates; account-level settings are left as a fresh account has them (no password
          policy, no support role), plus AWSCloudShellFullAccess attached to one user.
hardened: a CIS-compliant password policy and a support role with AWSSupportAccess.
"""

import datetime
import json

import boto3

ACCOUNT = "123456789012"
OTHER_ACCOUNT = "111122223333"
AWS_POLICY = "arn:aws:iam::aws:policy/"


def _doc(*statements):
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


ADMIN_DOC = _doc({"Effect": "Allow", "Action": "*", "Resource": "*"})
SCOPED_DOC = _doc(
    {"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "arn:aws:s3:::t-iam-data/*"}
)
KMS_FULL_DOC = _doc({"Effect": "Allow", "Action": "kms:*", "Resource": "*"})
CLOUDTRAIL_FULL_DOC = _doc({"Effect": "Allow", "Action": ["cloudtrail:*"], "Resource": "*"})
# Not admin, but enough to become admin: pass any role to a new instance.
ESCALATE_DOC = _doc({"Effect": "Allow", "Action": ["iam:PassRole", "ec2:RunInstances"], "Resource": "*"})

EC2_TRUST = _doc(
    {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}
)
OWN_ACCOUNT_TRUST = _doc(
    {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, "Action": "sts:AssumeRole"}
)
PUBLIC_TRUST = _doc({"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"})
CROSS_ACCOUNT_TRUST = _doc(
    {
        "Effect": "Allow",
        "Principal": {"AWS": f"arn:aws:iam::{OTHER_ACCOUNT}:root"},
        "Action": "sts:AssumeRole",
    }
)
CROSS_ACCOUNT_EXTID_TRUST = _doc(
    {
        "Effect": "Allow",
        "Principal": {"AWS": f"arn:aws:iam::{OTHER_ACCOUNT}:root"},
        "Action": "sts:AssumeRole",
        "Condition": {"StringEquals": {"sts:ExternalId": "t-iam-7c1f0d2e"}},
    }
)

PASSWORD = "T-iam-Corr3ct-Horse-Battery!"


def _self_signed_cert(common_name, not_before, not_after):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .sign(key, hashes.SHA256())
    )
    body = cert.public_bytes(serialization.Encoding.PEM).decode()
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    ).decode()
    return body, private


def _user(iam, name, console=False):
    iam.create_user(UserName=name)
    if console:
        iam.create_login_profile(UserName=name, Password=PASSWORD, PasswordResetRequired=False)


def _use_key(iam, key):
    """Makes one signed call with the key so that IAM records it as used."""
    sts = boto3.client(
        "sts",
        region_name="us-east-1",
        endpoint_url=iam.meta.endpoint_url,
        aws_access_key_id=key["AccessKeyId"],
        aws_secret_access_key=key["SecretAccessKey"],
    )
    sts.get_caller_identity()


def _seed_main(client):
    iam = client("iam")

    # ---------------------------------------------------------------- users
    # Console user with a virtual MFA device, no keys, no policies.
    _user(iam, "t-iam-user-console-mfa", console=True)
    serial = iam.create_virtual_mfa_device(VirtualMFADeviceName="t-iam-user-console-mfa")[
        "VirtualMFADevice"
    ]["SerialNumber"]
    iam.enable_mfa_device(
        UserName="t-iam-user-console-mfa",
        SerialNumber=serial,
        AuthenticationCode1="123456",
        AuthenticationCode2="654321",
    )

    # Console user without MFA.
    _user(iam, "t-iam-user-console-nomfa", console=True)

    # Console user with a hardware TOTP token (serial number, not a virtual-device ARN).
    _user(iam, "t-iam-user-hwmfa", console=True)
    iam.enable_mfa_device(
        UserName="t-iam-user-hwmfa",
        SerialNumber="GAHT12345678",
        AuthenticationCode1="123456",
        AuthenticationCode2="654321",
    )

    # Console user whose only access key has never been used.
    _user(iam, "t-iam-user-initial-key", console=True)
    iam.create_access_key(UserName="t-iam-user-initial-key")

    # Console user whose access key has been used.
    _user(iam, "t-iam-user-used-key", console=True)
    used = iam.create_access_key(UserName="t-iam-user-used-key")["AccessKey"]
    _use_key(iam, used)

    # Programmatic user with two active keys.
    _user(iam, "t-iam-user-two-keys")
    iam.create_access_key(UserName="t-iam-user-two-keys")
    iam.create_access_key(UserName="t-iam-user-two-keys")

    # Programmatic user with one active and one inactive key.
    _user(iam, "t-iam-user-one-active-key")
    iam.create_access_key(UserName="t-iam-user-one-active-key")
    old = iam.create_access_key(UserName="t-iam-user-one-active-key")["AccessKey"]
    iam.update_access_key(
        UserName="t-iam-user-one-active-key", AccessKeyId=old["AccessKeyId"], Status="Inactive"
    )

    # Policies attached directly to users.
    _user(iam, "t-iam-user-direct-policy")
    iam.attach_user_policy(
        UserName="t-iam-user-direct-policy", PolicyArn=AWS_POLICY + "ReadOnlyAccess"
    )
    _user(iam, "t-iam-user-admin")
    iam.attach_user_policy(UserName="t-iam-user-admin", PolicyArn=AWS_POLICY + "AdministratorAccess")
    _user(iam, "t-iam-user-inline-admin")
    iam.put_user_policy(
        UserName="t-iam-user-inline-admin", PolicyName="t-iam-inline-admin", PolicyDocument=ADMIN_DOC
    )
    _user(iam, "t-iam-user-inline-scoped")
    iam.put_user_policy(
        UserName="t-iam-user-inline-scoped",
        PolicyName="t-iam-inline-scoped",
        PolicyDocument=SCOPED_DOC,
    )
    # CIS 1.22: AWSCloudShellFullAccess attached to an identity (account-level FAIL in main).
    _user(iam, "t-iam-user-cloudshell")
    iam.attach_user_policy(
        UserName="t-iam-user-cloudshell", PolicyArn=AWS_POLICY + "AWSCloudShellFullAccess"
    )

    # ---------------------------------------------------------------- groups
    iam.create_group(GroupName="t-iam-group-admin")
    iam.attach_group_policy(GroupName="t-iam-group-admin", PolicyArn=AWS_POLICY + "AdministratorAccess")
    iam.create_group(GroupName="t-iam-group-readonly")
    iam.attach_group_policy(GroupName="t-iam-group-readonly", PolicyArn=AWS_POLICY + "ReadOnlyAccess")
    iam.create_group(GroupName="t-iam-group-inline-admin")
    iam.put_group_policy(
        GroupName="t-iam-group-inline-admin", PolicyName="t-iam-inline-admin", PolicyDocument=ADMIN_DOC
    )
    iam.create_group(GroupName="t-iam-group-inline-escalate")
    iam.put_group_policy(
        GroupName="t-iam-group-inline-escalate", PolicyName="t-iam-inline-escalate", PolicyDocument=ESCALATE_DOC
    )
    # A user with no policies of its own, admin only through its group.
    _user(iam, "t-iam-user-group-admin")
    iam.add_user_to_group(GroupName="t-iam-group-admin", UserName="t-iam-user-group-admin")
    # A user whose group grants read-only access.
    _user(iam, "t-iam-user-group-readonly")
    iam.add_user_to_group(GroupName="t-iam-group-readonly", UserName="t-iam-user-group-readonly")

    # ---------------------------------------------------------------- customer managed policies
    def policy(name, doc):
        return iam.create_policy(PolicyName=name, PolicyDocument=doc)["Policy"]["Arn"]

    admin_attached = policy("t-iam-policy-admin-attached", ADMIN_DOC)
    scoped_attached = policy("t-iam-policy-scoped-attached", SCOPED_DOC)
    policy("t-iam-policy-admin-unattached", ADMIN_DOC)
    policy("t-iam-policy-scoped-unattached", SCOPED_DOC)
    policy("t-iam-policy-kms-full", KMS_FULL_DOC)
    policy("t-iam-policy-cloudtrail-full", CLOUDTRAIL_FULL_DOC)
    policy("t-iam-policy-escalate", ESCALATE_DOC)

    # ---------------------------------------------------------------- roles
    iam.create_role(RoleName="t-iam-role-readonly", AssumeRolePolicyDocument=EC2_TRUST)
    iam.attach_role_policy(RoleName="t-iam-role-readonly", PolicyArn=AWS_POLICY + "ReadOnlyAccess")
    iam.attach_role_policy(RoleName="t-iam-role-readonly", PolicyArn=scoped_attached)

    iam.create_role(RoleName="t-iam-role-admin", AssumeRolePolicyDocument=EC2_TRUST)
    iam.attach_role_policy(RoleName="t-iam-role-admin", PolicyArn=AWS_POLICY + "AdministratorAccess")

    iam.create_role(RoleName="t-iam-role-custom-admin", AssumeRolePolicyDocument=EC2_TRUST)
    iam.attach_role_policy(RoleName="t-iam-role-custom-admin", PolicyArn=admin_attached)

    iam.create_role(RoleName="t-iam-role-inline-admin", AssumeRolePolicyDocument=EC2_TRUST)
    iam.put_role_policy(
        RoleName="t-iam-role-inline-admin", PolicyName="t-iam-inline-admin", PolicyDocument=ADMIN_DOC
    )
    iam.create_role(RoleName="t-iam-role-inline-scoped", AssumeRolePolicyDocument=EC2_TRUST)
    iam.put_role_policy(
        RoleName="t-iam-role-inline-scoped", PolicyName="t-iam-inline-scoped", PolicyDocument=SCOPED_DOC
    )

    iam.create_role(RoleName="t-iam-role-public-trust", AssumeRolePolicyDocument=PUBLIC_TRUST)
    iam.create_role(RoleName="t-iam-role-own-account-trust", AssumeRolePolicyDocument=OWN_ACCOUNT_TRUST)
    iam.create_role(RoleName="t-iam-role-xacct-no-extid", AssumeRolePolicyDocument=CROSS_ACCOUNT_TRUST)
    iam.create_role(
        RoleName="t-iam-role-xacct-extid", AssumeRolePolicyDocument=CROSS_ACCOUNT_EXTID_TRUST
    )

    # ---------------------------------------------------------------- server certificates
    body, key = _self_signed_cert(
        "t-iam-expired.example.com",
        datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone.utc),
        datetime.datetime(2021, 1, 1, tzinfo=datetime.timezone.utc),
    )
    iam.upload_server_certificate(
        ServerCertificateName="t-iam-cert-expired", CertificateBody=body, PrivateKey=key
    )


def _seed_hardened(client):
    iam = client("iam")
    # CIS 1.8 / 1.9 and the complexity and expiry rules.
    iam.update_account_password_policy(
        MinimumPasswordLength=14,
        RequireSymbols=True,
        RequireNumbers=True,
        RequireUppercaseCharacters=True,
        RequireLowercaseCharacters=True,
        AllowUsersToChangePassword=True,
        MaxPasswordAge=90,
        PasswordReusePrevention=24,
        HardExpiry=False,
    )
    # CIS 1.17: a role that can manage incidents with AWS Support.
    iam.create_role(RoleName="t-iam-role-support", AssumeRolePolicyDocument=OWN_ACCOUNT_TRUST)
    iam.attach_role_policy(RoleName="t-iam-role-support", PolicyArn=AWS_POLICY + "AWSSupportAccess")


def seed(client, scenario):
    if scenario == "main":
        _seed_main(client)
    elif scenario == "hardened":
        _seed_hardened(client)
    else:
        raise ValueError(f"unknown scenario {scenario!r}")
