import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { loadConfig } from './config';
import { I18nProvider } from './i18n';
import { App } from './App';
import './styles.css';

loadConfig().then((config) => {
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <I18nProvider>
        <App config={config} />
      </I18nProvider>
    </StrictMode>,
  );
});
