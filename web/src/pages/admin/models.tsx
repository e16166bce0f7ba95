// Admin: the AI models page — train (readiness and the request's state), retraining settings, versions (activate, export, statistics), import.
import { useState, type ChangeEvent } from 'react';
import type { ApiError } from '../../api/client';
import type { ModelView } from '../../api/types';
import { useI18n } from '../../i18n';
import { useLoad, useSession } from '../../session';
import { ErrorBox, Loading, Notice, PageTitle } from '../../components/ui';
import { bundleFileName } from '../../lib/models';
import { hasOption, type Contract } from '../../lib/contract';
import { ModelCardView } from './modelCard';
import { RetrainSettings } from './retrainSettings';
import { TrainingPanel } from './training';

export function Models() {
  const { t } = useI18n();
  const { api } = useSession();
  const models = useLoad(() => api.get<ModelView[]>('/models'), [api]);
  // Options not contracted are not offered (the API would refuse them with option_not_contracted).
  const contract = useLoad(() => api.get<Contract>('/tenant'), [api]);
  const [error, setError] = useState<ApiError | Error | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const active = models.data?.find((m) => m.active);

  async function run(action: () => Promise<string | null>) {
    setBusy(true);
    setError(null);
    setMessage(null);
    try {
      setMessage(await action());
    } catch (err) {
      setError(err as ApiError);
    } finally {
      setBusy(false);
    }
  }

  const activate = (m: ModelView) => {
    if (!window.confirm(t('models.confirmActivate', { version: m.version }))) return;
    void run(async () => {
      await api.post<ModelView>(`/models/${m.id}/activate`);
      models.reload();
      return t('models.activated', { version: m.version });
    });
  };

  const exportBundle = (m: ModelView) =>
    run(async () => {
      const bundle = await api.get<unknown>(`/models/${m.id}/bundle`);
      const url = URL.createObjectURL(new Blob([JSON.stringify(bundle)], { type: 'application/json' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = bundleFileName(m.version, m.id);
      document.body.appendChild(a);
      a.click();
      a.remove();
      window.setTimeout(() => URL.revokeObjectURL(url), 1000);
      return null;
    });

  function importBundle(e: ChangeEvent<HTMLInputElement>) {
    const input = e.currentTarget;
    const file = input.files?.[0];
    if (!file) return;
    void run(async () => {
      let bundle: unknown;
      try {
        bundle = JSON.parse(await file.text());
      } catch {
        throw new Error(t('models.badBundle'));
      } finally {
        input.value = '';
      }
      const m = await api.post<ModelView>('/models/import', bundle);
      models.reload();
      return t('models.imported', { version: m.version });
    });
  }

  return (
    <div className="page">
      <PageTitle>{t('models.title')}</PageTitle>
      <TrainingPanel onTrained={models.reload} activeVersion={active?.version} />
      <RetrainSettings />
      <section aria-labelledby="versions-h">
        <h2 id="versions-h">{t('models.versions')}</h2>
        <div className="actions">
          <button type="button" className="secondary" onClick={models.reload}>
            {t('models.refresh')}
          </button>
        </div>
        {message && <Notice>{message}</Notice>}
        <ErrorBox error={error} />
        {models.loading && !models.data ? (
          <Loading />
        ) : models.error ? (
          <ErrorBox error={models.error} onRetry={models.reload} />
        ) : !models.data?.length ? (
          <p data-testid="models-empty">{t('models.empty')}</p>
        ) : (
          <ul className="plain model-list">
            {models.data.map((m) => (
              <ModelCardView
                key={m.id}
                model={m}
                older={!!active && m.version < active.version}
                busy={busy}
                onActivate={() => activate(m)}
                onExport={() => exportBundle(m)}
                statistics={hasOption(contract.data, 'video_analysis')}
              />
            ))}
          </ul>
        )}
      </section>
      {hasOption(contract.data, 'pretrained_model') && (
        <section className="card" aria-labelledby="import-h">
          <h2 id="import-h">{t('models.import')}</h2>
          <p className="muted">{t('models.importHelp')}</p>
          <label>
            {t('models.importFile')}
            <input type="file" accept="application/json,.json" onChange={importBundle} disabled={busy} />
          </label>
        </section>
      )}
    </div>
  );
}
