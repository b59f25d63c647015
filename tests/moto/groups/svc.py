"""Fixtures for SQS, Secrets Manager and ECR checks (group "svc", prefix t-svc-)."""
import json

ACCOUNT = "123456789012"
REGION = "us-east-1"


def _public_policy(arn, action):
    return json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": "*", "Action": action, "Resource": arn}],
    })


def _account_policy(arn, action):
    return json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                       "Action": action, "Resource": arn}],
    })


def seed(client, scenario):
    if scenario != "main":
        return
    sqs = client("sqs", REGION)
    plain = sqs.create_queue(QueueName="t-svc-q-plain", Attributes={"SqsManagedSseEnabled": "false"})["QueueUrl"]
    sqs.create_queue(QueueName="t-svc-q-sse", Attributes={"SqsManagedSseEnabled": "true"})
    kms = client("kms", REGION)
    key = kms.create_key(Description="t-svc queue key")["KeyMetadata"]["KeyId"]
    private = sqs.create_queue(QueueName="t-svc-q-kms", Attributes={"KmsMasterKeyId": key})["QueueUrl"]
    arn = lambda url: sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    sqs.set_queue_attributes(QueueUrl=plain, Attributes={"Policy": _public_policy(arn(plain), "sqs:SendMessage")})
    sqs.set_queue_attributes(QueueUrl=private, Attributes={"Policy": _account_policy(arn(private), "sqs:SendMessage")})

    sm = client("secretsmanager", REGION)
    sm.create_secret(Name="t-svc-secret-static", SecretString="not-a-real-password")
    rotated = sm.create_secret(Name="t-svc-secret-rotated", SecretString="not-a-real-password")["ARN"]
    lam_arn = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:t-svc-rotator"
    try:
        sm.rotate_secret(SecretId=rotated, RotationLambdaARN=lam_arn, RotationRules={"AutomaticallyAfterDays": 30})
    except Exception:
        # moto checks that the rotation function exists; create one and try again.
        iam = client("iam", REGION)
        role = iam.create_role(RoleName="t-svc-rotator-role", AssumeRolePolicyDocument=json.dumps({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}))["Role"]["Arn"]
        import io, zipfile
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("index.py", "def handler(event, context):\n    return None\n")
        lam_arn = client("lambda", REGION).create_function(
            FunctionName="t-svc-rotator", Runtime="python3.12", Role=role, Handler="index.handler",
            Code={"ZipFile": buf.getvalue()})["FunctionArn"]
        sm.rotate_secret(SecretId=rotated, RotationLambdaARN=lam_arn, RotationRules={"AutomaticallyAfterDays": 30},
                         RotateImmediately=False)

    ecr = client("ecr", REGION)
    bad = ecr.create_repository(repositoryName="t-svc-repo-bad", imageTagMutability="MUTABLE",
                                imageScanningConfiguration={"scanOnPush": False})["repository"]
    ecr.create_repository(repositoryName="t-svc-repo-good", imageTagMutability="IMMUTABLE",
                          imageScanningConfiguration={"scanOnPush": True})
    ecr.set_repository_policy(repositoryName="t-svc-repo-bad", policyText=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Sid": "pull", "Effect": "Allow", "Principal": "*",
                       "Action": ["ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"]}]}))
    ecr.create_repository(repositoryName="t-svc-repo-org", imageTagMutability="IMMUTABLE",
                          imageScanningConfiguration={"scanOnPush": True})
    ecr.set_repository_policy(repositoryName="t-svc-repo-org", policyText=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Sid": "pull", "Effect": "Allow", "Principal": "*",
                       "Action": ["ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"],
                       "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abcdef1234"}}}]}))
    assert bad["repositoryName"] == "t-svc-repo-bad"

    ddb = client("dynamodb", REGION)
    table = dict(AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                 KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}], BillingMode="PAY_PER_REQUEST")
    ddb.create_table(TableName="t-svc-table-plain", **table)
    ddb.create_table(TableName="t-svc-table-good", SSESpecification={"Enabled": True, "SSEType": "KMS", "KMSMasterKeyId": key}, **table)
    ddb.update_continuous_backups(TableName="t-svc-table-good",
                                  PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})
