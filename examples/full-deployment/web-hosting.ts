import { readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';

/** AWS managed CloudFront cache policies. */
const CACHING_OPTIMIZED = '658327ea-f89d-4fab-a63d-7e88639e58f6';
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** The web client's hosting: a private bucket that only this CloudFront distribution may read (origin access control). */
export interface WebHosting {
  bucket: aws.s3.Bucket;
  distribution: aws.cloudfront.Distribution;
  /** `https://<distribution domain>` */
  siteUrl: pulumi.Output<string>;
}

export function createWebHosting(name: string): WebHosting {
  const bucket = new aws.s3.Bucket(`${name}-site`, { forceDestroy: true });
  const publicAccessBlock = new aws.s3.BucketPublicAccessBlock(`${name}-site`, {
    bucket: bucket.id,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
  });
  new aws.s3.BucketOwnershipControls(`${name}-site`, { bucket: bucket.id, rule: { objectOwnership: 'BucketOwnerEnforced' } });
  new aws.s3.BucketServerSideEncryptionConfiguration(`${name}-site`, {
    bucket: bucket.id,
    rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }],
  });

  const originAccessControl = new aws.cloudfront.OriginAccessControl(`${name}-site`, {
    originAccessControlOriginType: 's3',
    signingBehavior: 'always',
    signingProtocol: 'sigv4',
  });
  const originId = 'site-bucket';
  const distribution = new aws.cloudfront.Distribution(`${name}-site`, {
    enabled: true,
    defaultRootObject: 'index.html',
    priceClass: 'PriceClass_100',
    httpVersion: 'http2and3',
    origins: [{ originId, domainName: bucket.bucketRegionalDomainName, originAccessControlId: originAccessControl.id }],
    defaultCacheBehavior: {
      targetOriginId: originId,
      viewerProtocolPolicy: 'redirect-to-https',
      allowedMethods: ['GET', 'HEAD'],
      cachedMethods: ['GET', 'HEAD'],
      compress: true,
      cachePolicyId: CACHING_OPTIMIZED,
    },
    orderedCacheBehaviors: [{
      pathPattern: '/config.json',
      targetOriginId: originId,
      viewerProtocolPolicy: 'redirect-to-https',
      allowedMethods: ['GET', 'HEAD'],
      cachedMethods: ['GET', 'HEAD'],
      cachePolicyId: CACHING_DISABLED,
    }],
    // The client routes in the browser: unknown paths get the app (S3 answers 403 for a missing key without ListBucket).
    customErrorResponses: [403, 404].map((errorCode) => ({ errorCode, responseCode: 200, responsePagePath: '/index.html' })),
    restrictions: { geoRestriction: { restrictionType: 'none' } },
    viewerCertificate: { cloudfrontDefaultCertificate: true },
  });

  new aws.s3.BucketPolicy(`${name}-site`, {
    bucket: bucket.id,
    policy: pulumi.jsonStringify({
      Version: '2012-10-17',
      Statement: [{
        Sid: 'CloudFrontReadsThroughOriginAccessControl',
        Effect: 'Allow',
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Action: 's3:GetObject',
        Resource: pulumi.interpolate`${bucket.arn}/*`,
        Condition: { StringEquals: { 'AWS:SourceArn': distribution.arn } },
      }],
    }),
  }, { dependsOn: [publicAccessBlock] });

  return { bucket, distribution, siteUrl: pulumi.interpolate`https://${distribution.domainName}` };
}

/** Uploads every file of a folder (the web client's build) to the bucket; nothing when the folder does not exist. */
export function uploadFolder(name: string, bucket: aws.s3.Bucket, folder: string): aws.s3.BucketObjectv2[] {
  let entries: string[];
  try {
    entries = (readdirSync(folder, { recursive: true }) as string[]).sort();
  } catch {
    return [];
  }
  return entries
    .filter((relative) => statSync(path.join(folder, relative)).isFile())
    .map((relative) => {
      const key = relative.split(path.sep).join('/');
      return new aws.s3.BucketObjectv2(`${name}-site-${key}`, {
        bucket: bucket.id,
        key,
        source: new pulumi.asset.FileAsset(path.join(folder, relative)),
        contentType: CONTENT_TYPES[path.extname(key)] ?? 'application/octet-stream',
      });
    });
}
