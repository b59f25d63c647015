#!/usr/bin/env python3
"""Multi-account fixtures: a queue in the caller's account (123456789012), a queue in account
222222222222 (entered through sts:AssumeRole, as the scanner will), and an organization with one
created member account. Prints {"member": "<new account id>"} as JSON."""
import json
import sys

import boto3

endpoint = sys.argv[1]
kw = dict(region_name="us-east-1", endpoint_url=endpoint,
          aws_access_key_id="testing", aws_secret_access_key="testing")
boto3.client("sqs", **kw).create_queue(QueueName="t-acct-caller-queue")
creds = boto3.client("sts", **kw).assume_role(
    RoleArn="arn:aws:iam::222222222222:role/Audit", RoleSessionName="fixtures")["Credentials"]
other = dict(kw, aws_access_key_id=creds["AccessKeyId"], aws_secret_access_key=creds["SecretAccessKey"],
             aws_session_token=creds["SessionToken"])
boto3.client("sqs", **other).create_queue(QueueName="t-acct-member-queue")
org = boto3.client("organizations", **kw)
org.create_organization(FeatureSet="ALL")
org.create_account(Email="member@example.com", AccountName="member")
ids = [a["Id"] for a in org.list_accounts()["Accounts"] if a["Id"] != "123456789012"]
print(json.dumps({"member": ids[0]}))
