"""Fixtures for Lambda, ECS, EKS, SSM and ACM checks (group "compute", prefix t-compute-)."""
import datetime
import io
import json
import zipfile

ACCOUNT = "123456789012"
REGION = "us-east-1"
OTHER_ACCOUNT = "111122223333"

# Not real credentials: values shaped so that the secret scanner recognises them.
FAKE_PASSWORD = "Sup3rS3cretPassw0rd!"
FAKE_SECRET_KEY = "q8Vd3kLr0ZpT7yWm2Nx5bJf9Hc4Gs6Ea1Ru8KoPi"


def _zip(source):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("index.py", source)
    return buf.getvalue()


def _lambda(client, vpc):
    iam = client("iam", REGION)
    role = iam.create_role(RoleName="t-compute-lambda-role", AssumeRolePolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                       "Action": "sts:AssumeRole"}]}))["Role"]["Arn"]
    lam = client("lambda", REGION)

    # Bad: deprecated runtime, secrets in the environment (and in the code), public and
    # cross-account invoke grants, an unauthenticated function URL with CORS '*', no VPC.
    lam.create_function(
        FunctionName="t-compute-fn-bad", Runtime="python3.7", Role=role, Handler="index.handler",
        Code={"ZipFile": _zip(f'AWS_SECRET_ACCESS_KEY = "{FAKE_SECRET_KEY}"\n'
                              "def handler(event, context):\n    return None\n")},
        Environment={"Variables": {"DB_PASSWORD": FAKE_PASSWORD,
                                   "AWS_SECRET_ACCESS_KEY": FAKE_SECRET_KEY,
                                   "LOG_LEVEL": "debug"}})
    lam.add_permission(FunctionName="t-compute-fn-bad", StatementId="public-invoke",
                       Action="lambda:InvokeFunction", Principal="*")
    lam.add_permission(FunctionName="t-compute-fn-bad", StatementId="partner-invoke",
                       Action="lambda:InvokeFunction", Principal=OTHER_ACCOUNT)
    lam.create_function_url_config(FunctionName="t-compute-fn-bad", AuthType="NONE",
                                   Cors={"AllowOrigins": ["*"], "AllowMethods": ["GET"]})

    # Good: supported runtime, secret referenced by ARN only, invoke only for S3 scoped with
    # SourceAccount/SourceArn, IAM-authenticated URL with an explicit origin, in a VPC.
    lam.create_function(
        FunctionName="t-compute-fn-good", Runtime="python3.12", Role=role, Handler="index.handler",
        Code={"ZipFile": _zip("import os\n\ndef handler(event, context):\n    return os.environ['LOG_LEVEL']\n")},
        Environment={"Variables": {
            "LOG_LEVEL": "info",
            "DB_PASSWORD_SECRET_ARN": f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:t-compute-db-AbCdEf"}},
        VpcConfig={"SubnetIds": vpc["subnets"], "SecurityGroupIds": [vpc["sg"]]})
    lam.add_permission(FunctionName="t-compute-fn-good", StatementId="s3-invoke",
                       Action="lambda:InvokeFunction", Principal="s3.amazonaws.com",
                       SourceAccount=ACCOUNT, SourceArn="arn:aws:s3:::t-compute-events")
    lam.create_function_url_config(FunctionName="t-compute-fn-good", AuthType="AWS_IAM",
                                   Cors={"AllowOrigins": ["https://app.example.com"], "AllowMethods": ["GET"]})


def _ecs(client):
    ecs = client("ecs", REGION)
    logs = {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/t-compute",
                                                "awslogs-region": REGION, "awslogs-stream-prefix": "app"}}
    # Bad: host networking, privileged root container, writable root, no logs, secret in env.
    ecs.register_task_definition(family="t-compute-td-bad", networkMode="host", containerDefinitions=[{
        "name": "app", "image": "public.ecr.aws/nginx/nginx:latest", "memory": 128,
        "privileged": True, "user": "root", "readonlyRootFilesystem": False,
        "environment": [{"name": "LOG_LEVEL", "value": "debug"},
                        {"name": "DB_PASSWORD", "value": FAKE_PASSWORD}]}])
    # Good: awsvpc, non-root unprivileged container, read-only root, awslogs, secret injected
    # from Secrets Manager.
    ecs.register_task_definition(family="t-compute-td-good", networkMode="awsvpc", containerDefinitions=[{
        "name": "app", "image": "public.ecr.aws/nginx/nginx:latest", "memory": 128,
        "privileged": False, "user": "1000:1000", "readonlyRootFilesystem": True,
        "logConfiguration": logs,
        "environment": [{"name": "LOG_LEVEL", "value": "info"}],
        "secrets": [{"name": "DB_PASSWORD",
                     "valueFrom": f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:t-compute-db-AbCdEf"}]}])
    # Host networking done right: every container runs as a non-root user, unprivileged.
    ecs.register_task_definition(family="t-compute-td-host-nonroot", networkMode="host", containerDefinitions=[{
        "name": "agent", "image": "public.ecr.aws/nginx/nginx:latest", "memory": 128,
        "privileged": False, "user": "1000", "readonlyRootFilesystem": True, "logConfiguration": logs}])
    # Host networking with a container that sets no user (runs as the image default, root).
    ecs.register_task_definition(family="t-compute-td-host-nouser", networkMode="host", containerDefinitions=[{
        "name": "agent", "image": "public.ecr.aws/nginx/nginx:latest", "memory": 128,
        "privileged": False, "readonlyRootFilesystem": True, "logConfiguration": logs}])

    ecs.create_cluster(clusterName="t-compute-cluster-insights",
                       settings=[{"name": "containerInsights", "value": "enhanced"}])
    ecs.create_cluster(clusterName="t-compute-cluster-plain",
                       settings=[{"name": "containerInsights", "value": "disabled"}])


def _eks(client, vpc):
    eks = client("eks", REGION)
    kms = client("kms", REGION)
    key = kms.create_key(Description="t-compute eks secrets")["KeyMetadata"]["Arn"]
    role = f"arn:aws:iam::{ACCOUNT}:role/t-compute-eks-role"
    all_types = ["api", "audit", "authenticator", "controllerManager", "scheduler"]
    eks.create_cluster(name="t-compute-eks-bad", roleArn=role, resourcesVpcConfig={
        "subnetIds": vpc["subnets"], "endpointPublicAccess": True, "endpointPrivateAccess": False,
        "publicAccessCidrs": ["0.0.0.0/0"]},
        logging={"clusterLogging": [{"types": ["api", "audit"], "enabled": True},
                                    {"types": ["authenticator", "controllerManager", "scheduler"], "enabled": False}]})
    eks.create_cluster(name="t-compute-eks-good", roleArn=role, resourcesVpcConfig={
        "subnetIds": vpc["subnets"], "endpointPublicAccess": False, "endpointPrivateAccess": True},
        logging={"clusterLogging": [{"types": all_types, "enabled": True}]},
        encryptionConfig=[{"resources": ["secrets"], "provider": {"keyArn": key}}])
    # Public endpoint limited to one office range: not open to the internet.
    eks.create_cluster(name="t-compute-eks-cidr", roleArn=role, resourcesVpcConfig={
        "subnetIds": vpc["subnets"], "endpointPublicAccess": True, "endpointPrivateAccess": True,
        "publicAccessCidrs": ["203.0.113.0/24"]},
        logging={"clusterLogging": [{"types": all_types, "enabled": True}]},
        encryptionConfig=[{"resources": ["secrets"], "provider": {"keyArn": key}}])


def _ssm(client):
    ssm = client("ssm", REGION)

    def command(lines):
        return json.dumps({
            "schemaVersion": "2.2", "description": "t-compute maintenance",
            "mainSteps": [{"action": "aws:runShellScript", "name": "run", "inputs": {"runCommand": lines}}]})

    ssm.create_document(Name="t-compute-doc-bad", DocumentType="Command", DocumentFormat="JSON",
                        Content=command([f"mysql -h db.internal -u admin --password={FAKE_PASSWORD} -e 'select 1'"]))
    ssm.modify_document_permission(Name="t-compute-doc-bad", PermissionType="Share", AccountIdsToAdd=["all"])
    ssm.create_document(Name="t-compute-doc-good", DocumentType="Command", DocumentFormat="JSON",
                        Content=command(["mysql -h db.internal -u admin --password='{{ssm-secure:/t-compute/db}}' -e 'select 1'"]))
    ssm.modify_document_permission(Name="t-compute-doc-good", PermissionType="Share", AccountIdsToAdd=[OTHER_ACCOUNT])

    ssm.put_parameter(Name="t-compute-param-plain-secret", Type="String", Value=f"password={FAKE_PASSWORD}")
    ssm.put_parameter(Name="t-compute-param-plain-ok", Type="String", Value="https://api.example.com/v1")
    ssm.put_parameter(Name="t-compute-param-secure", Type="SecureString", Value=FAKE_PASSWORD)


def _self_signed(domain, key, days):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.x509.oid import NameOID

    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, domain)])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=days))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(domain)]), critical=False)
            .sign(key, hashes.SHA256()))
    return (cert.public_bytes(serialization.Encoding.PEM),
            key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                              serialization.NoEncryption()))


def _acm(client):
    from cryptography.hazmat.primitives.asymmetric import ec, rsa

    acm = client("acm", REGION)
    rsa2048 = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    p256 = ec.generate_private_key(ec.SECP256R1())
    rsa1024 = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    for domain, key, days in [
        ("t-compute-cert-expiring.example.com", rsa2048, 3),   # expires within 7 days
        ("t-compute-cert-good.example.com", p256, 365),        # P-256, a year left
        ("t-compute-cert-weak.example.com", rsa1024, 365),     # RSA 1024
    ]:
        cert, pkey = _self_signed(domain, key, days)
        acm.import_certificate(Certificate=cert, PrivateKey=pkey)
    acm.request_certificate(DomainName="t-compute-cert-ct-off.example.com", ValidationMethod="DNS",
                            Options={"CertificateTransparencyLoggingPreference": "DISABLED"})
    acm.request_certificate(DomainName="t-compute-cert-ct-on.example.com", ValidationMethod="DNS",
                            Options={"CertificateTransparencyLoggingPreference": "ENABLED"})


def seed(client, scenario):
    if scenario != "main":
        return
    ec2 = client("ec2", REGION)
    vpc_id = ec2.create_vpc(CidrBlock="10.42.0.0/16")["Vpc"]["VpcId"]
    subnets = [ec2.create_subnet(VpcId=vpc_id, CidrBlock=f"10.42.{i}.0/24", AvailabilityZone=f"{REGION}{az}")["Subnet"]["SubnetId"]
               for i, az in [(1, "a"), (2, "b")]]
    sg = ec2.create_security_group(GroupName="t-compute-fn-sg", Description="t-compute lambda", VpcId=vpc_id)["GroupId"]
    vpc = {"subnets": subnets, "sg": sg}

    _lambda(client, vpc)
    _ecs(client)
    _eks(client, vpc)
    _ssm(client)
    _acm(client)
