import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './index.js';

describe('the ALERT_* configuration', () => {
  it('has defaults that need no setting', () => {
    expect(loadConfig({}).alerts).toEqual({
      paymentFailurePercent: 30,
      deliveryFailurePercent: 10,
      backlogAgeSeconds: 600,
      errorSpike: 50,
      windowMinutes: 15,
      minSample: 10,
      cooldownMinutes: 60,
      whatsappTo: [],
    });
  });

  it('reads thresholds, the webhook and admin phones, refusing each bad value by name', () => {
    const alerts = loadConfig({
      ALERT_DELIVERY_FAILURE_PERCENT: '5',
      ALERT_WEBHOOK_URL: 'https://hooks.example/alerts',
      ALERT_WHATSAPP_TO: '+254 712 345 678, +254700000001',
    }).alerts;
    expect(alerts).toMatchObject({
      deliveryFailurePercent: 5,
      webhookUrl: 'https://hooks.example/alerts',
      whatsappTo: ['+254712345678', '+254700000001'],
    });
    const bad = () =>
      loadConfig({
        ALERT_PAYMENT_FAILURE_PERCENT: '150',
        ALERT_WEBHOOK_URL: 'ftp://x',
        ALERT_WHATSAPP_TO: '0712345678',
      });
    expect(bad).toThrow(ConfigError);
    expect(bad).toThrow(/ALERT_PAYMENT_FAILURE_PERCENT/);
    expect(bad).toThrow(/ALERT_WEBHOOK_URL="ftp:\/\/x" is not valid/);
    expect(bad).toThrow(
      /ALERT_WHATSAPP_TO has "0712345678", which is not a phone number in international form/,
    );
  });
});
