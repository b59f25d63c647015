#!/usr/bin/env python3
"""Seeds a moto server with a large synthetic account for the memory/speed benchmark:
ROLES IAM roles (each with a trust policy and an attached managed policy), BUCKETS S3 buckets,
and RULES security-group ingress rules spread over RULES/50 groups (AWS allows 60 per group). Loopback only."""
import json
import sys

import boto3
from botocore.config import Config

endpoint, roles, buckets, rules = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
if not endpoint.startswith(("http://127.0.0.1", "http://localhost")):
    sys.exit("loopback endpoints only")
cfg = Config(retries={"max_attempts": 2}, s3={"addressing_style": "path"}, max_pool_connections=4)
kw = dict(region_name="us-east-1", endpoint_url=endpoint, aws_access_key_id="testing",
          aws_secret_access_key="testing", config=cfg)
iam, s3, ec2 = boto3.client("iam", **kw), boto3.client("s3", **kw), boto3.client("ec2", **kw)
trust = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                    "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
policy = iam.create_policy(PolicyName="large-readonly", PolicyDocument=json.dumps({
    "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject",
                                            "Resource": "*"}]}))["Policy"]["Arn"]
for i in range(roles):
    iam.create_role(RoleName=f"large-role-{i:05d}", AssumeRolePolicyDocument=trust)
    iam.attach_role_policy(RoleName=f"large-role-{i:05d}", PolicyArn=policy)
for i in range(buckets):
    s3.create_bucket(Bucket=f"large-bucket-{i:05d}")
vpc = ec2.describe_vpcs()["Vpcs"][0]["VpcId"]
groups = max(1, rules // 50)
for g in range(groups):
    sg = ec2.create_security_group(GroupName=f"large-sg-{g:04d}", Description="large", VpcId=vpc)["GroupId"]
    perms = [{"IpProtocol": "tcp", "FromPort": 1000 + r, "ToPort": 1000 + r,
              "IpRanges": [{"CidrIp": f"10.{g % 250}.{r % 250}.0/24"}]} for r in range(min(50, rules - g * 50))]
    ec2.authorize_security_group_ingress(GroupId=sg, IpPermissions=perms)
print(json.dumps({"roles": roles, "buckets": buckets, "security_groups": groups, "rules": rules}))
