"""Moto seed for the "net" group: S3 buckets, EC2 (instances, volumes, snapshots, images,
security groups, EBS defaults) and VPC (VPCs, subnets, route tables, network ACLs, flow logs).

Every resource is named with the prefix ``t-net-``. EC2/VPC resources carry a ``Name`` tag, which
is the finding's resource name; security groups use the same value for the group name and tag.
"""

import json

PREFIX = "t-net-"
ACCOUNT = "123456789012"
REGION = "us-east-1"
AZ = "us-east-1a"

ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"
OWNER_CANONICAL_ID = "75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a"

# Ports opened one rule each on t-net-sg-services (one per service-specific check).
SERVICE_PORTS = [3306, 5432, 1433, 1521, 27017, 6379, 9200, 23, 21, 9092, 11211, 9160]

# Looks like real credentials to a secret scanner (no "EXAMPLE" marker), but is not a real key.
SECRET_USER_DATA = """#!/bin/bash
export AWS_ACCESS_KEY_ID=AKIA2OGYBAH6TQ3XLM7Z
export AWS_SECRET_ACCESS_KEY=q8Xv2Lr9Tz4Nw1Kp7Hs3Md6Fb0Yc5Ge8Ja2Ru9Vx
cat > /root/.ssh/id_rsa <<'KEY'
-----BEGIN RSA PRIVATE KEY-----
MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun
-----END RSA PRIVATE KEY-----
KEY
"""
CLEAN_USER_DATA = "#!/bin/bash\nyum -y update\nsystemctl enable --now amazon-ssm-agent\n"


def _tags(name, resource_type=None):
    tags = [{"Key": "Name", "Value": name}]
    if resource_type is None:
        return tags
    return [{"ResourceType": resource_type, "Tags": tags}]


def _s3control(client):
    """S3 Control client that works against moto.

    botocore's endpoint rules put the account id in front of the host
    (``123456789012.127.0.0.1``), which does not resolve; strip it before signing.
    """
    c = client("s3control", REGION)

    def _strip_account_host(request, **_):
        request.url = request.url.replace(f"://{ACCOUNT}.", "://", 1)

    c.meta.events.register("before-sign.s3-control.*", _strip_account_host)
    return c


ALL_FOUR = {
    "BlockPublicAcls": True,
    "IgnorePublicAcls": True,
    "BlockPublicPolicy": True,
    "RestrictPublicBuckets": True,
}


def _policy(bucket, statements):
    for s in statements:
        s.setdefault("Resource", [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"])
    return json.dumps({"Version": "2012-10-17", "Statement": statements})


def _public_read_policy(bucket):
    return _policy(
        bucket,
        [{"Sid": "PublicRead", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject"}],
    )


# ------------------------------------------------------------------------------------- S3


def _seed_s3_main(client):
    s3 = client("s3", REGION)

    logs = PREFIX + "access-logs"
    s3.create_bucket(Bucket=logs)
    s3.put_bucket_policy(
        Bucket=logs,
        Policy=_policy(
            logs,
            [
                {
                    "Sid": "S3ServerAccessLogs",
                    "Effect": "Allow",
                    "Principal": {"Service": "logging.s3.amazonaws.com"},
                    "Action": "s3:PutObject",
                    "Resource": f"arn:aws:s3:::{logs}/*",
                    "Condition": {"StringEquals": {"aws:SourceAccount": ACCOUNT}},
                }
            ],
        ),
    )

    # Compliant on everything moto can represent.
    good = PREFIX + "good"
    s3.create_bucket(Bucket=good, ObjectLockEnabledForBucket=True)
    s3.put_bucket_versioning(Bucket=good, VersioningConfiguration={"Status": "Enabled"})
    s3.put_bucket_encryption(
        Bucket=good,
        ServerSideEncryptionConfiguration={
            "Rules": [
                {
                    "ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms"},
                    "BucketKeyEnabled": True,
                }
            ]
        },
    )
    s3.put_public_access_block(Bucket=good, PublicAccessBlockConfiguration=ALL_FOUR)
    s3.put_bucket_logging(
        Bucket=good,
        BucketLoggingStatus={"LoggingEnabled": {"TargetBucket": logs, "TargetPrefix": f"{good}/"}},
    )
    s3.put_bucket_policy(
        Bucket=good,
        Policy=_policy(
            good,
            [
                {
                    "Sid": "DenyInsecureTransport",
                    "Effect": "Deny",
                    "Principal": "*",
                    "Action": "s3:*",
                    "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                }
            ],
        ),
    )

    # A bucket as created, nothing configured.
    s3.create_bucket(Bucket=PREFIX + "plain")

    # Public through its bucket policy.
    pub_policy = PREFIX + "public-policy"
    s3.create_bucket(Bucket=pub_policy)
    s3.put_bucket_policy(Bucket=pub_policy, Policy=_public_read_policy(pub_policy))

    # Public through its ACL: READ for AllUsers (canned public-read).
    pub_read = PREFIX + "public-read-acl"
    s3.create_bucket(Bucket=pub_read)
    s3.put_bucket_acl(Bucket=pub_read, ACL="public-read")

    # Public through its ACL: WRITE for AllUsers only. (The canned "public-read-write" ACL is not
    # used: moto serializes both permissions into one Grant element, which botocore cannot parse.)
    pub_write = PREFIX + "public-write-acl"
    s3.create_bucket(Bucket=pub_write)
    s3.put_bucket_acl(
        Bucket=pub_write,
        GrantWrite=f'uri="{ALL_USERS}"',
        GrantFullControl=f'id="{OWNER_CANONICAL_ID}"',
    )

    # Grants another account read access.
    cross = PREFIX + "cross-account"
    s3.create_bucket(Bucket=cross)
    s3.put_bucket_policy(
        Bucket=cross,
        Policy=_policy(
            cross,
            [
                {
                    "Sid": "PartnerRead",
                    "Effect": "Allow",
                    "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
                    "Action": ["s3:GetObject", "s3:ListBucket"],
                }
            ],
        ),
    )


def _seed_s3_hardened(client):
    s3 = client("s3", REGION)
    # Nothing configured on the bucket: covered by the account-level block only.
    s3.create_bucket(Bucket=PREFIX + "hardened")
    # Public ACL and public policy set before the account-level block was turned on: the block
    # neutralizes both.
    legacy = PREFIX + "hardened-legacy"
    s3.create_bucket(Bucket=legacy)
    s3.put_bucket_acl(Bucket=legacy, ACL="public-read")
    s3.put_bucket_policy(Bucket=legacy, Policy=_public_read_policy(legacy))

    _s3control(client).put_public_access_block(
        AccountId=ACCOUNT, PublicAccessBlockConfiguration=ALL_FOUR
    )


# ------------------------------------------------------------------------------- VPC, EC2


def _vpc(ec2, name, cidr):
    vpc_id = ec2.create_vpc(CidrBlock=cidr, TagSpecifications=_tags(name, "vpc"))["Vpc"]["VpcId"]
    return vpc_id


def _default_sg(ec2, vpc_id):
    return ec2.describe_security_groups(
        Filters=[
            {"Name": "vpc-id", "Values": [vpc_id]},
            {"Name": "group-name", "Values": ["default"]},
        ]
    )["SecurityGroups"][0]


def _sg(ec2, vpc_id, name, rules):
    gid = ec2.create_security_group(
        GroupName=name,
        Description=f"{name} (ai-security moto test)",
        VpcId=vpc_id,
        TagSpecifications=_tags(name, "security-group"),
    )["GroupId"]
    if rules:
        ec2.authorize_security_group_ingress(GroupId=gid, IpPermissions=rules)
    return gid


def _v4(cidr="0.0.0.0/0"):
    return {"IpRanges": [{"CidrIp": cidr}]}


def _v6(cidr="::/0"):
    return {"Ipv6Ranges": [{"CidrIpv6": cidr}]}


def _tcp(port_from, port_to, ranges):
    return {"IpProtocol": "tcp", "FromPort": port_from, "ToPort": port_to, **ranges}


def _seed_network(client):
    ec2 = client("ec2", REGION)
    logs = client("logs", REGION)

    vpc_a = _vpc(ec2, PREFIX + "vpc-a", "10.200.0.0/16")
    vpc_b = _vpc(ec2, PREFIX + "vpc-b", "10.201.0.0/16")

    # Flow log on vpc-a only.
    log_group = PREFIX + "vpc-flow-logs"
    logs.create_log_group(logGroupName=log_group)
    ec2.create_flow_logs(
        ResourceIds=[vpc_a],
        ResourceType="VPC",
        TrafficType="ALL",
        LogDestinationType="cloud-watch-logs",
        LogGroupName=log_group,
        DeliverLogsPermissionArn=f"arn:aws:iam::{ACCOUNT}:role/{PREFIX}flow-logs",
        TagSpecifications=_tags(PREFIX + "flow-log", "vpc-flow-log"),
    )

    # Subnets.
    private = ec2.create_subnet(
        VpcId=vpc_a,
        CidrBlock="10.200.1.0/24",
        AvailabilityZone=AZ,
        TagSpecifications=_tags(PREFIX + "subnet-private", "subnet"),
    )["Subnet"]["SubnetId"]
    public = ec2.create_subnet(
        VpcId=vpc_a,
        CidrBlock="10.200.2.0/24",
        AvailabilityZone=AZ,
        TagSpecifications=_tags(PREFIX + "subnet-public", "subnet"),
    )["Subnet"]["SubnetId"]
    ec2.modify_subnet_attribute(SubnetId=public, MapPublicIpOnLaunch={"Value": True})

    # Peering between the two VPCs, and two route tables using it.
    pcx = ec2.create_vpc_peering_connection(
        VpcId=vpc_a, PeerVpcId=vpc_b, TagSpecifications=_tags(PREFIX + "pcx", "vpc-peering-connection")
    )["VpcPeeringConnection"]["VpcPeeringConnectionId"]
    ec2.accept_vpc_peering_connection(VpcPeeringConnectionId=pcx)
    rt_wide = ec2.create_route_table(
        VpcId=vpc_a, TagSpecifications=_tags(PREFIX + "rt-peer-default", "route-table")
    )["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=rt_wide, DestinationCidrBlock="0.0.0.0/0", VpcPeeringConnectionId=pcx)
    rt_narrow = ec2.create_route_table(
        VpcId=vpc_a, TagSpecifications=_tags(PREFIX + "rt-peer-narrow", "route-table")
    )["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=rt_narrow, DestinationCidrBlock="10.201.0.0/16", VpcPeeringConnectionId=pcx)
    ec2.associate_route_table(RouteTableId=rt_narrow, SubnetId=private)

    # Network ACLs (a new custom ACL denies everything until entries are added).
    def nacl(name, entries):
        acl = ec2.create_network_acl(VpcId=vpc_a, TagSpecifications=_tags(name, "network-acl"))[
            "NetworkAcl"
        ]["NetworkAclId"]
        for e in entries:
            ec2.create_network_acl_entry(NetworkAclId=acl, Egress=False, **e)
        return acl

    nacl(
        PREFIX + "nacl-ssh-open",
        [{"RuleNumber": 100, "Protocol": "6", "RuleAction": "allow", "CidrBlock": "0.0.0.0/0",
          "PortRange": {"From": 22, "To": 22}}],
    )
    nacl(
        PREFIX + "nacl-rdp-open-v6",
        [{"RuleNumber": 100, "Protocol": "6", "RuleAction": "allow", "Ipv6CidrBlock": "::/0",
          "PortRange": {"From": 3389, "To": 3389}}],
    )
    # SSH denied before the allow-all rule: only RDP is open.
    nacl(
        PREFIX + "nacl-deny-ssh-first",
        [
            {"RuleNumber": 50, "Protocol": "6", "RuleAction": "deny", "CidrBlock": "0.0.0.0/0",
             "PortRange": {"From": 22, "To": 22}},
            {"RuleNumber": 100, "Protocol": "-1", "RuleAction": "allow", "CidrBlock": "0.0.0.0/0"},
        ],
    )
    nacl(
        PREFIX + "nacl-internal",
        [{"RuleNumber": 100, "Protocol": "-1", "RuleAction": "allow", "CidrBlock": "10.0.0.0/8"}],
    )

    # Default security groups: vpc-a keeps its default rules, vpc-b is emptied.
    sg_a = _default_sg(ec2, vpc_a)
    ec2.create_tags(Resources=[sg_a["GroupId"]], Tags=_tags(PREFIX + "default-sg-a"))
    sg_b = _default_sg(ec2, vpc_b)
    ec2.create_tags(Resources=[sg_b["GroupId"]], Tags=_tags(PREFIX + "default-sg-b"))
    if sg_b["IpPermissions"]:
        ec2.revoke_security_group_ingress(GroupId=sg_b["GroupId"], IpPermissions=sg_b["IpPermissions"])
    if sg_b["IpPermissionsEgress"]:
        ec2.revoke_security_group_egress(GroupId=sg_b["GroupId"], IpPermissions=sg_b["IpPermissionsEgress"])

    # Security groups.
    closed = _sg(
        ec2, vpc_a, PREFIX + "sg-closed",
        [_tcp(443, 443, _v4("10.0.0.0/8")), _tcp(22, 22, _v4("10.0.0.0/8")),
         _tcp(3306, 3306, _v6("fd00::/8"))],
    )
    _sg(ec2, vpc_a, PREFIX + "sg-all-open", [{"IpProtocol": "-1", **_v4()}])
    sg_ssh_v6 = _sg(ec2, vpc_a, PREFIX + "sg-ssh-v6", [_tcp(22, 22, _v6())])
    sg_rdp_v4 = _sg(ec2, vpc_a, PREFIX + "sg-rdp-v4", [_tcp(3389, 3389, _v4())])
    _sg(ec2, vpc_a, PREFIX + "sg-full-range-v6", [_tcp(0, 65535, _v6())])
    _sg(ec2, vpc_a, PREFIX + "sg-services", [_tcp(p, p, _v4()) for p in SERVICE_PORTS])
    _sg(ec2, vpc_a, PREFIX + "sg-https", [_tcp(443, 443, {**_v4(), **_v6()})])

    return {"ec2": ec2, "vpc_a": vpc_a, "private": private, "public": public, "sg_closed": closed,
            "sg_ssh_v6": sg_ssh_v6, "sg_rdp_v4": sg_rdp_v4}


def _seed_compute(client, net):
    ec2 = net["ec2"]
    iam = client("iam", REGION)

    role = PREFIX + "ec2-role"
    iam.create_role(
        RoleName=role,
        AssumeRolePolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": {"Service": "ec2.amazonaws.com"},
                        "Action": "sts:AssumeRole",
                    }
                ],
            }
        ),
    )
    profile = PREFIX + "ec2-profile"
    iam.create_instance_profile(InstanceProfileName=profile)
    iam.add_role_to_instance_profile(InstanceProfileName=profile, RoleName=role)

    image_id = ec2.describe_images()["Images"][0]["ImageId"]

    def run(name, **kw):
        return ec2.run_instances(
            ImageId=image_id,
            MinCount=1,
            MaxCount=1,
            InstanceType="t3.micro",
            TagSpecifications=_tags(name, "instance"),
            **kw,
        )["Instances"][0]["InstanceId"]

    good = run(
        PREFIX + "i-good",
        SubnetId=net["private"],
        SecurityGroupIds=[net["sg_closed"]],
        MetadataOptions={"HttpTokens": "required", "HttpEndpoint": "enabled"},
        Monitoring={"Enabled": True},
        IamInstanceProfile={"Name": profile},
        UserData=CLEAN_USER_DATA,
    )
    run(
        PREFIX + "i-bad",
        NetworkInterfaces=[
            {
                "DeviceIndex": 0,
                "SubnetId": net["public"],
                "Groups": [net["sg_closed"]],
                "AssociatePublicIpAddress": True,
            }
        ],
        MetadataOptions={"HttpTokens": "optional", "HttpEndpoint": "enabled"},
        Monitoring={"Enabled": False},
        UserData=SECRET_USER_DATA,
    )
    # A public instance whose security groups let the internet reach SSH (IPv6) and RDP (IPv4).
    run(
        PREFIX + "i-exposed",
        NetworkInterfaces=[
            {
                "DeviceIndex": 0,
                "SubnetId": net["public"],
                "Groups": [net["sg_ssh_v6"], net["sg_rdp_v4"]],
                "AssociatePublicIpAddress": True,
            }
        ],
        MetadataOptions={"HttpTokens": "required", "HttpEndpoint": "enabled"},
    )
    # IMDSv1 allowed on paper, but the metadata endpoint is turned off.
    run(
        PREFIX + "i-imds-off",
        SubnetId=net["private"],
        SecurityGroupIds=[net["sg_closed"]],
        MetadataOptions={"HttpTokens": "optional", "HttpEndpoint": "disabled"},
    )

    # Volumes and snapshots.
    vol_enc = ec2.create_volume(
        AvailabilityZone=AZ, Size=1, Encrypted=True, TagSpecifications=_tags(PREFIX + "vol-encrypted", "volume")
    )["VolumeId"]
    vol_plain = ec2.create_volume(
        AvailabilityZone=AZ, Size=1, Encrypted=False, TagSpecifications=_tags(PREFIX + "vol-plain", "volume")
    )["VolumeId"]
    ec2.create_snapshot(
        VolumeId=vol_enc, TagSpecifications=_tags(PREFIX + "snap-encrypted", "snapshot")
    )
    snap_public = ec2.create_snapshot(
        VolumeId=vol_plain, TagSpecifications=_tags(PREFIX + "snap-public", "snapshot")
    )["SnapshotId"]
    ec2.modify_snapshot_attribute(
        SnapshotId=snap_public,
        Attribute="createVolumePermission",
        OperationType="add",
        GroupNames=["all"],
    )
    snap_shared = ec2.create_snapshot(
        VolumeId=vol_plain, TagSpecifications=_tags(PREFIX + "snap-shared", "snapshot")
    )["SnapshotId"]
    ec2.modify_snapshot_attribute(
        SnapshotId=snap_shared,
        Attribute="createVolumePermission",
        OperationType="add",
        UserIds=["111122223333"],
    )

    # Images owned by the account.
    ami_public = ec2.create_image(InstanceId=good, Name=PREFIX + "ami-public")["ImageId"]
    ec2.create_tags(Resources=[ami_public], Tags=_tags(PREFIX + "ami-public"))
    ec2.modify_image_attribute(ImageId=ami_public, LaunchPermission={"Add": [{"Group": "all"}]})
    ami_private = ec2.create_image(InstanceId=good, Name=PREFIX + "ami-private")["ImageId"]
    ec2.create_tags(Resources=[ami_private], Tags=_tags(PREFIX + "ami-private"))
    ec2.modify_image_attribute(
        ImageId=ami_private, LaunchPermission={"Add": [{"UserId": "111122223333"}]}
    )


def _seed_ec2_hardened(client):
    ec2 = client("ec2", REGION)
    ec2.enable_ebs_encryption_by_default()
    # No volume is created here: moto does not apply the region default to CreateVolume calls
    # that omit Encrypted (the volume comes back unencrypted), unlike AWS.


def seed(client, scenario):
    if scenario == "main":
        _seed_s3_main(client)
        net = _seed_network(client)
        _seed_compute(client, net)
    elif scenario == "hardened":
        _seed_s3_hardened(client)
        _seed_ec2_hardened(client)
    else:
        raise ValueError(f"unknown scenario {scenario!r}")
