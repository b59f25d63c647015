#!/usr/bin/env python3
"""Creates, in a moto server started with INITIAL_NO_AUTH_ACTION_COUNT=3, a user allowed
everything except S3, and prints its access key as JSON. Exactly three API calls are made
before moto starts enforcing IAM policies."""
import json
import sys

import boto3

endpoint = sys.argv[1]
iam = boto3.client("iam", region_name="us-east-1", endpoint_url=endpoint,
                   aws_access_key_id="testing", aws_secret_access_key="testing")
iam.create_user(UserName="auditor-without-s3")
iam.put_user_policy(
    UserName="auditor-without-s3",
    PolicyName="everything-but-s3",
    PolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Action": "*", "Resource": "*"},
            {"Effect": "Deny", "Action": "s3:*", "Resource": "*"},
        ],
    }),
)
key = iam.create_access_key(UserName="auditor-without-s3")["AccessKey"]
print(json.dumps({"id": key["AccessKeyId"], "secret": key["SecretAccessKey"]}))
