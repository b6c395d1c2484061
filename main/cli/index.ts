console.log('onedrive-mirror');
