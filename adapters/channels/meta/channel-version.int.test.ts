import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChannelError } from '../../../engine/ports.js';
import { FakeMeta } from '../../../tests/harness/fake-meta.js';
import { templateCatalog } from '../templates.js';
import { MetaChannel } from './channel.js';

const AMINA = '+254712345678';

describe('MetaChannel Graph API version (META_API_VERSION) against the fake Graph API', () => {
  let fake: FakeMeta;
  beforeAll(async () => {
    fake = await new FakeMeta().start();
  });
  afterAll(() => fake.stop());

  const channelAt = (apiVersion?: string) =>
    new MetaChannel({
      accessToken: fake.accessToken,
      phoneNumberId: fake.phoneNumberId,
      apiBaseUrl: fake.url,
      templates: templateCatalog(new Map()),
      ...(apiVersion ? { apiVersion } : {}),
    });

  async function versionUsed(channel: MetaChannel): Promise<string | undefined> {
    const { providerId } = await channel.send(AMINA, { text: 'Habari' }, '1');
    return fake.messages.find((m) => m.id === providerId)?.version;
  }

  it('sends to the configured version, and to the newest known one by default', async () => {
    expect(await versionUsed(channelAt('v25.0'))).toBe('v25.0');
    expect(await versionUsed(channelAt())).toBe('v26.0');
  });

  it('is refused, without retry, at a version Meta has retired (#2635)', async () => {
    const error = await channelAt('v20.0')
      .send(AMINA, { text: 'Habari' }, '1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChannelError);
    expect(error).toMatchObject({ retry: false, code: '2635' });
    expect((error as Error).message).toMatch(
      /HTTP 400, error 2635\): \(#2635\) You are calling a deprecated version/,
    );
  });

  it('is refused at a version Meta never released', async () => {
    const error = await channelAt('v99.0')
      .send(AMINA, { text: 'Habari' }, '1')
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ retry: false, code: '100' });
    expect((error as Error).message).toMatch(/Object with path '\/v99.0\//);
  });
});
