"""Fixtures for ELB, ELBv2, CloudFront, API Gateway (REST and v2) and WAFv2 checks
(group "edge", prefix t-edge-).

Each check gets a clearly good and a clearly bad resource:
  ELBv2         t-edge-alb-good (every setting right, internet-facing, WAF attached),
                t-edge-alb-bad (HTTP forward + legacy TLS policy, nothing enabled),
                t-edge-nlb-legacy (TLS listener on a TLS 1.0 policy)
  Classic ELB   t-edge-clb-good / t-edge-clb-bad
  CloudFront    t-edge-cf-good / t-edge-cf-bad (comments); their names are their ids, which
                moto draws at random, so moto's generator is seeded just before they are
                created (ids in the expect file) and re-seeded at random right after
  API Gateway   REST t-edge-rest-good / t-edge-rest-bad / t-edge-rest-private,
                HTTP t-edge-http-good / t-edge-http-bad
  WAFv2         t-edge-waf-good / t-edge-waf-bad (REGIONAL), t-edge-waf-cf (CLOUDFRONT, used
                by the good distribution)
Nothing in the hardened scenario: these kinds have no account or region settings.
"""
import random
import urllib.request

ACCOUNT = "123456789012"
REGION = "us-east-1"
# Seed for moto's random generator before the CloudFront distributions are created, so that
# their ids (= the resource names the checks report) are the same on every run of moto 5.2.5.
CF_RANDOM_SEED = 4242
# The ids moto 5.2.5 gives them with that seed (good, bad); tests/moto/expect/edge.yaml names them.
CF_EXPECTED_IDS = ("N81OOKHBWV1UA", "QO5J3YD6R01ZR")

GOOD_TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06"


def _visibility(metric, on=True):
    return {"SampledRequestsEnabled": True, "CloudWatchMetricsEnabled": on, "MetricName": metric}


def _elbv2(client, waf_good_arn):
    ec2 = client("ec2", REGION)
    elb = client("elbv2", REGION)
    acm = client("acm", REGION)
    vpc = ec2.describe_vpcs(Filters=[{"Name": "isDefault", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
    subnets = [s["SubnetId"] for s in ec2.describe_subnets(
        Filters=[{"Name": "vpc-id", "Values": [vpc]}])["Subnets"]][:2]
    cert = acm.request_certificate(DomainName="t-edge-lb.example.com")["CertificateArn"]
    tg = elb.create_target_group(Name="t-edge-tg", Protocol="HTTP", Port=80, VpcId=vpc)["TargetGroups"][0]["TargetGroupArn"]
    tcp_tg = elb.create_target_group(Name="t-edge-tg-tcp", Protocol="TCP", Port=443, VpcId=vpc)["TargetGroups"][0]["TargetGroupArn"]
    forward = [{"Type": "forward", "TargetGroupArn": tg}]

    # Bad: internet-facing, plain HTTP forward, HTTPS on the 2016 policy (TLS 1.0), no logs, no
    # deletion protection, desync monitor, invalid headers kept, no WAF.
    bad = elb.create_load_balancer(Name="t-edge-alb-bad", Subnets=subnets, Scheme="internet-facing",
                                   Type="application")["LoadBalancers"][0]["LoadBalancerArn"]
    elb.create_listener(LoadBalancerArn=bad, Protocol="HTTP", Port=80, DefaultActions=forward)
    elb.create_listener(LoadBalancerArn=bad, Protocol="HTTPS", Port=443, SslPolicy="ELBSecurityPolicy-2016-08",
                        Certificates=[{"CertificateArn": cert}], DefaultActions=forward)
    elb.modify_load_balancer_attributes(LoadBalancerArn=bad, Attributes=[
        {"Key": "deletion_protection.enabled", "Value": "false"},
        {"Key": "access_logs.s3.enabled", "Value": "false"},
        {"Key": "routing.http.drop_invalid_header_fields.enabled", "Value": "false"},
        {"Key": "routing.http.desync_mitigation_mode", "Value": "monitor"}])

    # Good: internet-facing (so the WAF check applies), HTTPS on a TLS 1.3 policy, HTTP only
    # redirects, every attribute on, WAF attached.
    good = elb.create_load_balancer(Name="t-edge-alb-good", Subnets=subnets, Scheme="internet-facing",
                                    Type="application")["LoadBalancers"][0]["LoadBalancerArn"]
    elb.create_listener(LoadBalancerArn=good, Protocol="HTTPS", Port=443, SslPolicy=GOOD_TLS_POLICY,
                        Certificates=[{"CertificateArn": cert}], DefaultActions=forward)
    elb.create_listener(LoadBalancerArn=good, Protocol="HTTP", Port=80, DefaultActions=[{
        "Type": "redirect", "RedirectConfig": {"Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"}}])
    elb.modify_load_balancer_attributes(LoadBalancerArn=good, Attributes=[
        {"Key": "deletion_protection.enabled", "Value": "true"},
        {"Key": "access_logs.s3.enabled", "Value": "true"},
        {"Key": "access_logs.s3.bucket", "Value": "t-edge-lb-logs"},
        {"Key": "routing.http.drop_invalid_header_fields.enabled", "Value": "true"},
        {"Key": "routing.http.desync_mitigation_mode", "Value": "strictest"}])
    client("wafv2", REGION).associate_web_acl(WebACLArn=waf_good_arn, ResourceArn=good)

    # NLB with a TLS listener on a policy that still allows TLS 1.0.
    nlb = elb.create_load_balancer(Name="t-edge-nlb-legacy", Subnets=subnets, Scheme="internal",
                                   Type="network")["LoadBalancers"][0]["LoadBalancerArn"]
    elb.create_listener(LoadBalancerArn=nlb, Protocol="TLS", Port=443, SslPolicy="ELBSecurityPolicy-TLS-1-0-2015-04",
                        Certificates=[{"CertificateArn": cert}],
                        DefaultActions=[{"Type": "forward", "TargetGroupArn": tcp_tg}])
    return cert


def _elb_classic(client, cert):
    elb = client("elb", REGION)
    elb.create_load_balancer(LoadBalancerName="t-edge-clb-good", AvailabilityZones=["us-east-1a", "us-east-1b"],
                             Listeners=[{"Protocol": "HTTPS", "LoadBalancerPort": 443, "InstanceProtocol": "HTTP",
                                         "InstancePort": 80, "SSLCertificateId": cert}])
    elb.modify_load_balancer_attributes(LoadBalancerName="t-edge-clb-good", LoadBalancerAttributes={
        "AccessLog": {"Enabled": True, "S3BucketName": "t-edge-lb-logs", "EmitInterval": 60},
        "CrossZoneLoadBalancing": {"Enabled": True},
        "ConnectionDraining": {"Enabled": True, "Timeout": 300},
        "AdditionalAttributes": [{"Key": "elb.http.desyncmitigationmode", "Value": "strictest"}]})
    elb.create_load_balancer(LoadBalancerName="t-edge-clb-bad", AvailabilityZones=["us-east-1a"],
                             Listeners=[{"Protocol": "HTTP", "LoadBalancerPort": 80, "InstanceProtocol": "HTTP",
                                         "InstancePort": 80}])
    elb.modify_load_balancer_attributes(LoadBalancerName="t-edge-clb-bad", LoadBalancerAttributes={
        "AccessLog": {"Enabled": False},
        "CrossZoneLoadBalancing": {"Enabled": False},
        "ConnectionDraining": {"Enabled": False},
        "AdditionalAttributes": [{"Key": "elb.http.desyncmitigationmode", "Value": "monitor"}]})


def _waf_log_group(logs, name):
    """Creates a CloudWatch log group for WAF logs and returns its ARN (without the :* suffix)."""
    logs.create_log_group(logGroupName=name)
    group = next(g for g in logs.describe_log_groups(logGroupNamePrefix=name)["logGroups"] if g["logGroupName"] == name)
    return group["arn"].removesuffix(":*")


def _wafv2(client):
    waf = client("wafv2", REGION)
    logs = client("logs", REGION)
    good = waf.create_web_acl(
        Name="t-edge-waf-good", Scope="REGIONAL", DefaultAction={"Allow": {}},
        VisibilityConfig=_visibility("t-edge-waf-good"),
        Rules=[
            {"Name": "common", "Priority": 1, "OverrideAction": {"None": {}},
             "Statement": {"ManagedRuleGroupStatement": {"VendorName": "AWS", "Name": "AWSManagedRulesCommonRuleSet"}},
             "VisibilityConfig": _visibility("common")},
            {"Name": "rate", "Priority": 2, "Action": {"Block": {}},
             "Statement": {"RateBasedStatement": {"Limit": 2000, "AggregateKeyType": "IP"}},
             "VisibilityConfig": _visibility("rate")},
        ])["Summary"]["ARN"]
    waf.put_logging_configuration(LoggingConfiguration={
        "ResourceArn": good, "LogDestinationConfigs": [_waf_log_group(logs, "aws-waf-logs-t-edge")]})
    # Bad: no rules (everything falls through to Allow), no metrics, no logging.
    waf.create_web_acl(Name="t-edge-waf-bad", Scope="REGIONAL", DefaultAction={"Allow": {}},
                       VisibilityConfig=_visibility("t-edge-waf-bad", on=False), Rules=[])
    # CLOUDFRONT-scope web ACL for the good distribution.
    cf_acl = waf.create_web_acl(
        Name="t-edge-waf-cf", Scope="CLOUDFRONT", DefaultAction={"Allow": {}},
        VisibilityConfig=_visibility("t-edge-waf-cf"),
        Rules=[{"Name": "common", "Priority": 1, "OverrideAction": {"None": {}},
                "Statement": {"ManagedRuleGroupStatement": {"VendorName": "AWS", "Name": "AWSManagedRulesCommonRuleSet"}},
                "VisibilityConfig": _visibility("cf-common")}])["Summary"]["ARN"]
    waf.put_logging_configuration(LoggingConfiguration={
        "ResourceArn": cf_acl, "LogDestinationConfigs": [_waf_log_group(logs, "aws-waf-logs-t-edge-cf")]})
    return good, cf_acl


def _seed_moto_random(endpoint, value):
    req = urllib.request.Request(f"{endpoint}/moto-api/seed?a={value}", method="POST", data=b"")
    urllib.request.urlopen(req).read()


def _cloudfront(client, cf_acl):
    cf = client("cloudfront", REGION)
    endpoint = cf.meta.endpoint_url.rstrip("/")
    _seed_moto_random(endpoint, CF_RANDOM_SEED)
    behaviour = {"MinTTL": 0, "ForwardedValues": {"QueryString": False, "Cookies": {"Forward": "none"}}}

    # Good: HTTPS only to viewers and origin (TLS 1.2), custom certificate with a TLS 1.2
    # minimum, standard logging, WAF.
    good = cf.create_distribution(DistributionConfig={
        "CallerReference": "t-edge-cf-good", "Comment": "t-edge-cf-good", "Enabled": True,
        "Origins": {"Quantity": 1, "Items": [{
            "Id": "app", "DomainName": "app.t-edge.example.com",
            "CustomOriginConfig": {"HTTPPort": 80, "HTTPSPort": 443, "OriginProtocolPolicy": "https-only",
                                   "OriginSslProtocols": {"Quantity": 1, "Items": ["TLSv1.2"]}}}]},
        "DefaultCacheBehavior": {"TargetOriginId": "app", "ViewerProtocolPolicy": "redirect-to-https", **behaviour},
        "CacheBehaviors": {"Quantity": 1, "Items": [{"PathPattern": "/api/*", "TargetOriginId": "app",
                                                     "ViewerProtocolPolicy": "https-only", **behaviour}]},
        "Logging": {"Enabled": True, "IncludeCookies": False, "Bucket": "t-edge-cf-logs.s3.amazonaws.com", "Prefix": "cf/"},
        "WebACLId": cf_acl,
        "Aliases": {"Quantity": 1, "Items": ["www.t-edge.example.com"]},
        "ViewerCertificate": {"CloudFrontDefaultCertificate": False, "SSLSupportMethod": "sni-only",
                              "ACMCertificateArn": f"arn:aws:acm:us-east-1:{ACCOUNT}:certificate/00000000-0000-0000-0000-00000000edge",
                              "MinimumProtocolVersion": "TLSv1.2_2021"},
    })["Distribution"]["Id"]

    # Bad: viewers may use HTTP, origin follows the viewer and accepts TLS 1.0/1.1, custom
    # certificate that still allows TLS 1.0, no logging, no WAF.
    bad = cf.create_distribution(DistributionConfig={
        "CallerReference": "t-edge-cf-bad", "Comment": "t-edge-cf-bad", "Enabled": True,
        "Origins": {"Quantity": 1, "Items": [{
            "Id": "legacy", "DomainName": "legacy.t-edge.example.com",
            "CustomOriginConfig": {"HTTPPort": 80, "HTTPSPort": 443, "OriginProtocolPolicy": "match-viewer",
                                   "OriginSslProtocols": {"Quantity": 3, "Items": ["TLSv1", "TLSv1.1", "TLSv1.2"]}}}]},
        "DefaultCacheBehavior": {"TargetOriginId": "legacy", "ViewerProtocolPolicy": "allow-all", **behaviour},
        "Aliases": {"Quantity": 1, "Items": ["legacy.t-edge.example.com"]},
        "ViewerCertificate": {"CloudFrontDefaultCertificate": False, "SSLSupportMethod": "sni-only",
                              "ACMCertificateArn": f"arn:aws:acm:us-east-1:{ACCOUNT}:certificate/00000000-0000-0000-0000-0000000edge2",
                              "MinimumProtocolVersion": "TLSv1_2016"},
    })["Distribution"]["Id"]
    # Back to unpredictable ids for whatever is created after this group.
    _seed_moto_random(endpoint, random.SystemRandom().randrange(1, 2**31))
    return good, bad


def _rest_api(ag, name, endpoint_type, auth):
    api = ag.create_rest_api(name=name, endpointConfiguration={"types": [endpoint_type]})["id"]
    root = next(r["id"] for r in ag.get_resources(restApiId=api)["items"] if r["path"] == "/")
    res = ag.create_resource(restApiId=api, parentId=root, pathPart="items")["id"]
    ag.put_method(restApiId=api, resourceId=res, httpMethod="GET", authorizationType=auth)
    ag.put_integration(restApiId=api, resourceId=res, httpMethod="GET", type="MOCK",
                       requestTemplates={"application/json": '{"statusCode": 200}'})
    dep = ag.create_deployment(restApiId=api)["id"]
    return api, dep


def _apigateway(client, waf_good_arn):
    ag = client("apigateway", REGION)
    waf = client("wafv2", REGION)

    # Good: every method needs IAM auth; the stage logs at INFO, traces, has an encrypted cache
    # and a WAF web ACL. (moto has no client certificates, see the expect file.)
    api, dep = _rest_api(ag, "t-edge-rest-good", "REGIONAL", "AWS_IAM")
    ag.create_stage(restApiId=api, stageName="prod", deploymentId=dep, tracingEnabled=True,
                    cacheClusterEnabled=True, cacheClusterSize="0.5")
    ag.update_stage(restApiId=api, stageName="prod", patchOperations=[
        {"op": "replace", "path": "/*/*/logging/loglevel", "value": "INFO"},
        {"op": "replace", "path": "/*/*/caching/enabled", "value": "true"},
        {"op": "replace", "path": "/*/*/caching/dataEncrypted", "value": "true"},
        {"op": "replace", "path": "/accessLogSettings/destinationArn",
         "value": f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:t-edge-rest-access"},
        {"op": "replace", "path": "/accessLogSettings/format", "value": "$context.requestId"}])
    waf.associate_web_acl(WebACLArn=waf_good_arn,
                          ResourceArn=f"arn:aws:apigateway:{REGION}::/restapis/{api}/stages/prod")

    # Bad: an unauthenticated method; the stage has logging off, no tracing, no WAF and a cache
    # that is not encrypted.
    api, dep = _rest_api(ag, "t-edge-rest-bad", "EDGE", "NONE")
    ag.create_stage(restApiId=api, stageName="prod", deploymentId=dep, tracingEnabled=False,
                    cacheClusterEnabled=True, cacheClusterSize="0.5")
    ag.update_stage(restApiId=api, stageName="prod", patchOperations=[
        {"op": "replace", "path": "/*/*/logging/loglevel", "value": "OFF"},
        {"op": "replace", "path": "/*/*/caching/enabled", "value": "true"},
        {"op": "replace", "path": "/*/*/caching/dataEncrypted", "value": "false"}])

    # Private endpoint (reachable only through interface VPC endpoints).
    api, dep = _rest_api(ag, "t-edge-rest-private", "PRIVATE", "AWS_IAM")
    ag.create_stage(restApiId=api, stageName="prod", deploymentId=dep)


def _apigatewayv2(client):
    g = client("apigatewayv2", REGION)
    good = g.create_api(Name="t-edge-http-good", ProtocolType="HTTP")["ApiId"]
    g.create_stage(ApiId=good, StageName="prod", AccessLogSettings={
        "DestinationArn": f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:t-edge-http-access",
        "Format": '{"requestId":"$context.requestId","ip":"$context.identity.sourceIp"}'})
    jwt = g.create_authorizer(ApiId=good, Name="jwt", AuthorizerType="JWT",
                              IdentitySource=["$request.header.Authorization"],
                              JwtConfiguration={"Audience": ["t-edge"], "Issuer": "https://issuer.t-edge.example.com"})["AuthorizerId"]
    g.create_route(ApiId=good, RouteKey="GET /items", AuthorizationType="JWT", AuthorizerId=jwt)
    g.create_route(ApiId=good, RouteKey="POST /items", AuthorizationType="AWS_IAM")

    bad = g.create_api(Name="t-edge-http-bad", ProtocolType="HTTP")["ApiId"]
    g.create_stage(ApiId=bad, StageName="prod")
    g.create_route(ApiId=bad, RouteKey="GET /items", AuthorizationType="NONE")


def seed(client, scenario):
    if scenario != "main":
        return
    waf_good, cf_acl = _wafv2(client)
    cert = _elbv2(client, waf_good)
    _elb_classic(client, cert)
    ids = _cloudfront(client, cf_acl)
    if ids != CF_EXPECTED_IDS:
        raise RuntimeError(f"moto gave the CloudFront fixtures ids {ids}, not {CF_EXPECTED_IDS}: "
                           "update CF_EXPECTED_IDS and tests/moto/expect/edge.yaml")
    _apigateway(client, waf_good)
    _apigatewayv2(client)
