import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// First: the global sheet comes before every component's own sheet, which may refine it.
import './styles/app.css';
import { App } from './shell/App.tsx';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
