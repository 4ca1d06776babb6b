import { mount } from 'svelte';
import App from './components/App.svelte';
import './styles/theme.css';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element to mount the inspector in');
mount(App, { target });
