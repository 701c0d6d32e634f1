"""With several app servers, uploads live in S3-compatible object storage
(django-storages), configured by environment: public pictures under the media prefix
with plain addresses a CDN can cache; photos sent in with stories under a private
prefix of their own, with no address at all, read back from the bucket for the staff
inbox. Checked against a real S3 protocol server (moto's, on a free port) from a
process with an app server's production settings."""

import json
import urllib.request

import boto3
import pytest
from moto.server import ThreadedMotoServer

from ops.server import free_port
from tests.production import clean_environ, run_manage, run_python

BUCKET = "coproweek-media"

CODE = """
import json
import django
django.setup()
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from submissions.models import StoryPhoto

private = StoryPhoto._meta.get_field("file").storage
private_name = private.save("story-photos/2026/11/a1b2.jpg", ContentFile(b"a photo nobody has accepted yet"))
public_name = default_storage.save("original_images/kelpies.jpg", ContentFile(b"a published picture"))
try:
    private.url(private_name)
    refused = False
except ValueError:
    refused = True
with private.open(private_name) as read_back:
    private_bytes = read_back.read().decode()
print(json.dumps({"public_url": default_storage.url(public_name), "private_url_refused": refused,
                  "private_bytes": private_bytes}))
"""


@pytest.fixture
def object_storage():
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    client = boto3.client(
        "s3", endpoint_url=endpoint, region_name="eu-west-2", aws_access_key_id="test", aws_secret_access_key="test"
    )
    client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-2"})
    yield endpoint, client
    # moto keeps its buckets in this process: empty them for the next test.
    urllib.request.urlopen(urllib.request.Request(f"{endpoint}/moto-api/reset", method="POST"))  # noqa: S310
    server.stop()


def app_server_env(endpoint: str, **extra: str) -> dict:
    return clean_environ(
        DJANGO_SETTINGS_MODULE="site_config.settings.production",
        SECRET_KEY="x" * 50,
        MEDIA_S3_BUCKET=BUCKET,
        MEDIA_S3_ENDPOINT_URL=endpoint,
        MEDIA_S3_REGION="eu-west-2",
        MEDIA_S3_ACCESS_KEY_ID="test",
        MEDIA_S3_SECRET_ACCESS_KEY="test",
        **extra,
    )


def test_public_and_private_uploads_go_to_their_own_prefixes_of_the_bucket(object_storage):
    endpoint, client = object_storage
    result = json.loads(run_python(app_server_env(endpoint), CODE))
    keys = sorted(item["Key"] for item in client.list_objects_v2(Bucket=BUCKET)["Contents"])
    assert keys == ["media/original_images/kelpies.jpg", "private/story-photos/2026/11/a1b2.jpg"]
    # A public picture has a plain address (no signature, so a CDN can keep it)…
    assert result["public_url"] == f"{endpoint}/{BUCKET}/media/original_images/kelpies.jpg"
    # …a story's photo has none, yet staff can still read it from the bucket.
    assert result["private_url_refused"] is True
    assert result["private_bytes"] == "a photo nobody has accepted yet"
    stored = client.get_object(Bucket=BUCKET, Key="private/story-photos/2026/11/a1b2.jpg")["Body"].read()
    assert stored == b"a photo nobody has accepted yet"


@pytest.mark.parametrize("private_prefix", ["media", "media/private", "media/"])
def test_a_private_prefix_inside_the_public_one_is_refused_at_start(private_prefix):
    env = app_server_env("https://objects.example.org", MEDIA_S3_PRIVATE_PREFIX=private_prefix)
    result = run_manage(env, "check", check=False)
    assert result.returncode != 0
    assert "submissions.E002" in result.stderr
    assert "MEDIA_S3_PRIVATE_PREFIX and MEDIA_S3_PREFIX overlap" in result.stderr


def test_a_whole_bucket_made_public_is_refused_too():
    env = app_server_env("https://objects.example.org", MEDIA_S3_PREFIX="")
    assert "submissions.E002" in run_manage(env, "check", check=False).stderr


def test_the_default_prefixes_pass_the_check():
    result = run_manage(app_server_env("https://objects.example.org"), "check", check=False)
    assert "submissions.E002" not in result.stderr
    assert result.returncode == 0, result.stderr
