import './ui/style.css';
import { startApp } from './ui/app';

startApp(document.getElementById('app')!);
